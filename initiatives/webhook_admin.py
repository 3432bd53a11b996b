"""Webhook subscriptions in the admin: moderators register receivers (the same rules as the
API, initiatives.webhooks.subscriptions), see each one's deliveries and attempts, resume a
paused one."""

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from .models import WebhookAttempt, WebhookDelivery, WebhookEvent, WebhookSubscription
from .webhooks import subscriptions


class SubscriptionForm(forms.ModelForm):
    events = forms.MultipleChoiceField(label=_("évènements"), choices=WebhookEvent.choices,
                                       widget=forms.CheckboxSelectMultiple)  # fmt: skip

    class Meta:
        model = WebhookSubscription
        fields = ["owner", "url", "description", "events", "themes", "networks", "departments", "regions"]

    def clean(self):
        data = super().clean()
        if not self.errors:
            try:
                subscriptions.check(**{name: data.get(name) or [] for name in ("events", "themes", "networks",
                                                                                "departments", "regions")},
                                    url=data["url"])  # fmt: skip
            except ValidationError as refused:
                for field, errors in refused.message_dict.items():
                    self.add_error(field, errors)
        return data


class AttemptInline(admin.TabularInline):
    model = WebhookAttempt
    fields = readonly_fields = ["at", "status", "duration_ms", "error"]
    extra = 0
    can_delete = False


@admin.register(WebhookDelivery)
class DeliveryAdmin(admin.ModelAdmin):
    list_display = ["message", "subscription", "status", "attempts", "last_status", "created_at"]
    list_filter = ["status", "message__event"]
    list_select_related = ["message", "subscription"]
    readonly_fields = [f.name for f in WebhookDelivery._meta.fields]
    inlines = [AttemptInline]

    def has_add_permission(self, request):
        return False


@admin.register(WebhookSubscription)
class SubscriptionAdmin(admin.ModelAdmin):
    form = SubscriptionForm
    list_display = ["url", "owner", "paused_at", "consecutive_failures", "created_at"]
    list_filter = [("paused_at", admin.EmptyFieldListFilter)]
    readonly_fields = ["consecutive_failures", "failing_since", "retry_at", "paused_at", "pause_reason"]
    actions = ["resume"]

    def save_model(self, request, obj, form, change):
        if not change:
            obj.secret = subscriptions.new_secret()
            messages.warning(request, _("Secret de signature (affiché cette fois seulement) : %s") % obj.secret)
        super().save_model(request, obj, form, change)

    @admin.action(description=_("Reprendre les envois"))
    def resume(self, request, queryset):
        for subscription in queryset:
            subscriptions.resume(subscription=subscription)
