"""The forms of invitations: the manager's (in the admin) and the invitee's password."""

from django import forms
from django.contrib.auth import password_validation
from django.contrib.auth.models import User
from django.utils.translation import gettext_lazy as _
from wagtail.admin.forms import WagtailAdminModelForm

from register.models import Cooperative

from .invitations import email_taken
from .models import Invitation


class InvitationForm(WagtailAdminModelForm):
    class Meta:
        model = Invitation
        fields = ["cooperative", "email", "language"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # A representative keeps the source record; its translations follow it.
        self.fields["cooperative"].queryset = Cooperative.objects.canonical()

    def clean_email(self) -> str:
        email = self.cleaned_data["email"].strip().lower()
        if email_taken(email):
            raise forms.ValidationError(_("A user with this e-mail address exists already."))
        return email


class SetPasswordForm(forms.Form):
    """The invitee chooses a password; their login is the invitation's e-mail address."""

    password1 = forms.CharField(
        label=_("Password"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
    )
    password2 = forms.CharField(
        label=_("Password again"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
    )

    def __init__(self, *args, invitation: Invitation, **kwargs):
        self.invitation = invitation
        super().__init__(*args, **kwargs)

    def clean(self):
        cleaned = super().clean()
        first, second = cleaned.get("password1"), cleaned.get("password2")
        if first and second and first != second:
            self.add_error("password2", _("The two passwords differ."))
        elif first:
            user = User(username=self.invitation.email, email=self.invitation.email)
            try:
                password_validation.validate_password(first, user)
            except forms.ValidationError as error:
                self.add_error("password1", error)
        if email_taken(self.invitation.email):
            raise forms.ValidationError(
                _("A user with this e-mail address exists already: sign in to the admin.")
            )
        return cleaned
