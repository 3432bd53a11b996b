/* The contribution form one step at a time (what → where → themes and networks → links →
 * check and send). The steps are the form's <section class="form-step">s, and its
 * `.steps-nav` buttons name them (both in the template, so that the first paint already shows
 * one step: site.css); without JavaScript they are one long page and nothing here runs.
 * Nothing is validated here: the server checks everything, and after a refused submission the
 * step of the first error is shown. */

import { el } from "./dom.js";
import { gettext as _, interpolate } from "./i18n.js";

export function setupSteps(form, { onShow = () => {}, review = () => {} } = {}) {
  const steps = [...form.querySelectorAll(".form-step")];
  if (steps.length < 2) return null;
  const titles = steps.map((step) => step.querySelector("h2"));
  const navButtons = steps.map((step) => form.querySelector(`.steps-nav [aria-controls="${step.id}"]`));
  let current = 0;

  function show(index, { focus = true } = {}) {
    current = index;
    steps.forEach((step, i) => { step.hidden = i !== index; });
    navButtons.forEach((button, i) => {
      if (i === index) button.setAttribute("aria-current", "step");
      else button.removeAttribute("aria-current");
    });
    if (index === steps.length - 1) review();
    onShow(steps[index]);
    if (focus) {
      titles[index].tabIndex = -1;
      titles[index].focus();
    }
  }

  steps.forEach((step, i) => {
    const buttons = [];
    if (i > 0) buttons.push(el("button", { type: "button", className: "btn btn-outline-secondary", "data-step": i - 1 }, _("Étape précédente")));
    if (i < steps.length - 1) {
      buttons.push(el("button", { type: "button", className: "btn btn-primary", "data-step": i + 1 },
        interpolate(_("Suivant : %s"), [titles[i + 1].textContent.trim()])));
    }
    step.append(el("p", { className: "step-buttons" }, buttons));
  });
  form.addEventListener("click", (event) => {
    const target = event.target.closest("[data-step]");
    if (target) show(Number(target.dataset.step));
  });
  navButtons.forEach((button, i) => button.addEventListener("click", () => show(i)));

  /* A link of the error summary to a field of another step opens that step first. */
  document.addEventListener("click", (event) => {
    const link = event.target.closest(".error-summary a[href^='#']");
    const field = link && document.getElementById(link.getAttribute("href").slice(1));
    const step = field && field.closest(".form-step");
    if (step) show(steps.indexOf(step), { focus: false });
  });

  const firstError = form.querySelector("[aria-invalid='true'], .errorlist");
  const errorStep = firstError ? firstError.closest(".form-step") : null;
  show(errorStep ? steps.indexOf(errorStep) : 0, { focus: false });
  form.classList.add("steps-ready"); // the `hidden` steps rule from now on (site.css)
  return { show, current: () => current };
}
