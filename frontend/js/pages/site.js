/* Every page: on a narrow screen the header's links fold behind a menu button (site.css shows
 * the button and folds the links when scripting is on; without JavaScript the button stays
 * hidden and the links show, wrapped). */

const button = document.querySelector(".menu-button");
const menu = document.getElementById("site-menu");
if (button && menu) {
  button.addEventListener("click", () => {
    const open = button.getAttribute("aria-expanded") !== "true";
    button.setAttribute("aria-expanded", String(open));
    menu.classList.toggle("open", open);
  });
}
