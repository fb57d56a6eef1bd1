"""Malformed admin requests get a form error, a refusal or a 404, never a 500.

Some Wagtail code paths trust the POST they receive: they index
``request.POST`` directly, ``int()`` a hidden count, ``json.loads`` a hidden
value, call a method on a value that is ``None`` when a field is missing, or
``redirect()`` to whatever ``next`` says. A hand-made request (a fuzzer, a
stale browser tab, an empty POST) then answered 500. Each function below makes
one such *mechanism* refuse bad data the way a form refuses any other bad
input, for every view that uses it (never route by route); :func:`install`
applies them all, once, from ``cms.wagtail_hooks``.
``tests/security/test_admin_post_robustness.py`` posts empty and junk forms to
every admin route to keep it so.

* Unreadable widget data (a StreamField without its ``-count`` or with junk in
  it, rich text that is not the editor's JSON) is a validation error on the
  field; the form is shown again with the stored value
  (:func:`refuse_unreadable_form_data`). Formsets (inline panels) already
  report a missing or invalid management form as a form error.
* Forms shown again with errors: a chooser field with an error, or any field
  refused as another portal's item, shows its stored value, never the
  submitted id looked up (which raised on junk, and displayed another portal's
  object) (:func:`show_refused_choices_as_stored`); copy and "choose a parent"
  forms accept only the user's own pages as destination, so their permission
  error never names another portal's page (:func:`scope_page_destinations`).
* ``next``/``return_url`` that is not a path or an http(s) URL is ignored, not
  reversed as a view name (:func:`refuse_bare_word_redirects`).
* Link choosers: an empty POST to the external link chooser is "this field is
  required", like the email, phone and anchor choosers
  (:func:`refuse_empty_link_urls`).
* Chooser "create" views of choosers without a creation form (every snippet
  chooser that declares none) answer 404 (:func:`refuse_creation_without_form`).
* Ids that cannot be ids: a chooser's ``chosen/abc/`` and an ``<int:...>``
  admin parameter past 64 bits answer 404 (:func:`refuse_junk_chosen_ids`,
  ``cms.admin_scoping.impossible_ids``, asked by ``AdminPageGateMiddleware``).
* Page copy: a missing or junk ``new_parent_page`` is left to the form to
  report (:func:`guard_page_copy_parent`).
* Redirect import: missing signed management values are the
  SuspiciousOperation (400) Wagtail meant, not a KeyError
  (:func:`guard_redirect_import_management_form`).
* Inline panels: a ``TOTAL_FORMS`` count is capped at :data:`INLINE_FORMS_LIMIT`
  (Django's own cap is max_num + 1,000); a junk count of 10**20 made one POST
  render a thousand empty inline forms, 20 MB and 19 s of a worker, and now
  answers Django's "submit at most N forms" error (:func:`cap_inline_forms`).
* ``/admin/failwhale/`` (Wagtail's "raise an exception" test view) answers 404
  (:func:`retire_error_test_view`, from the ``register_admin_urls`` hook).
"""

from __future__ import annotations

import sys

from django.core.exceptions import ValidationError
from django.http import Http404
from django.utils.translation import gettext_lazy as _

from cms.admin_scoping import OTHER_PORTAL

INCOMPLETE_MESSAGE = _("The form data for this field is incomplete or invalid. Reload the page and try again.")

# What reading junk raises: a missing key (KeyError, IndexError), a junk number
# or id (ValueError, TypeError, OverflowError), an id of the wrong shape
# (ValidationError), JSON of the wrong shape (AttributeError) or too deep.
BAD_DATA_ERRORS = (LookupError, ValueError, TypeError, ArithmeticError, AttributeError, RecursionError, ValidationError)


class UnreadableFormData:
    """What a widget read when the POST did not hold a value it could read (see :func:`refuse_unreadable_form_data`)."""

    def __init__(self, error):
        self.error = error

    def __repr__(self):
        return f"<UnreadableFormData {self.error!r}>"


# Widgets whose value_from_datadict parses what the browser's script wrote:
# a StreamField (counts, block types, ids of chosen items) and the rich text
# editor (its JSON content state).
UNREADABLE_WIDGETS = (
    "wagtail.blocks.base.BlockWidget",
    "wagtail.admin.rich_text.editors.draftail.DraftailRichTextArea",
)


def refuse_unreadable_form_data():
    """Data a widget cannot read is a validation error on its field, and the form is shown again.

    Wagtail's StreamField widget does ``int(data["body-count"])`` and looks up
    every block's fields; the rich text widget ``json.loads`` its value. On a
    hand-made POST those raised (500). Such a widget now hands the field an
    :class:`UnreadableFormData`, which the field refuses with a form error
    (whatever the field class); the form is shown again with the stored value.
    Formsets (inline panels) already report a missing or invalid management
    form as a form error.
    """
    from django.forms import Field
    from django.utils.module_loading import import_string
    from wagtail.blocks.base import BlockField

    if getattr(Field, "_robust", False):
        return
    for path in UNREADABLE_WIDGETS:
        widget_class = import_string(path)
        original = widget_class.value_from_datadict

        def value_from_datadict(self, data, files, name, _original=original):
            try:
                return _original(self, data, files, name)
            except BAD_DATA_ERRORS as error:
                return UnreadableFormData(error)

        widget_class.value_from_datadict = value_from_datadict

    original_has_changed = BlockField.has_changed

    # Django's Field._clean_bound_field, refusing what could not be read (the
    # widget reads the POST once: a StreamField's reading is not cheap).
    def _clean_bound_field(self, bf):
        value = bf.initial if self.disabled else bf.data
        if isinstance(value, UnreadableFormData):
            raise ValidationError(INCOMPLETE_MESSAGE, code="incomplete")
        return self.clean(value)

    def has_changed(self, initial, data):
        return isinstance(data, UnreadableFormData) or original_has_changed(self, initial, data)

    Field._clean_bound_field = _clean_bound_field
    BlockField.has_changed = has_changed
    Field._robust = True


def refuse_empty_link_urls():
    """The external link chooser's URL field: a missing value is "required", not ``None.startswith``."""
    from wagtail.admin.forms.choosers import URLOrAbsolutePathValidator

    if getattr(URLOrAbsolutePathValidator, "_robust", False):
        return

    def is_absolute_path(value):
        return isinstance(value, str) and value.startswith("/")

    URLOrAbsolutePathValidator.is_absolute_path = staticmethod(is_absolute_path)
    URLOrAbsolutePathValidator._robust = True


def refuse_creation_without_form():
    """A chooser without a creation form has no "create" view: 404 (GET and POST)."""
    from wagtail.admin.views.generic.chooser import CreateViewMixin

    if getattr(CreateViewMixin, "_robust", False):
        return
    original_get = CreateViewMixin.get
    original_post = CreateViewMixin.post

    def has_form(view):
        get_class = getattr(view, "get_creation_form_class", None)
        return get_class is None or get_class() is not None

    def get(self, request, *args, **kwargs):
        if not has_form(self):
            raise Http404
        return original_get(self, request, *args, **kwargs)

    def post(self, request, *args, **kwargs):
        if not has_form(self):
            raise Http404
        return original_post(self, request, *args, **kwargs)

    CreateViewMixin.get = get
    CreateViewMixin.post = post
    CreateViewMixin._robust = True


def refuse_junk_chosen_ids():
    """A chooser's "chosen" view given an id that cannot be one (``chosen/abc/``) answers 404."""
    from django.contrib.admin.utils import unquote
    from django.core.exceptions import ObjectDoesNotExist
    from wagtail.admin.views.generic.chooser import ChosenViewMixin

    if getattr(ChosenViewMixin, "_robust", False):
        return

    def get(self, request, pk):
        try:
            item = self.get_object(unquote(str(pk)))
        except (ObjectDoesNotExist, ValueError, TypeError, ArithmeticError, ValidationError) as error:
            raise Http404 from error
        return self.get_chosen_response(item)

    ChosenViewMixin.get = get
    ChosenViewMixin._robust = True


# The widest integer a database column holds (BIGINT); larger ids name nothing.
def guard_page_copy_parent():
    """Page copy: ``new_parent_page`` is read safely and only names a page of the user's portals."""
    from django.views.generic import FormView
    from wagtail.admin.views.pages.copy import CopyView
    from wagtail.models import Page

    from cms.permissions import visible_pages

    if getattr(CopyView, "_robust", False):
        return

    def post(self, request, *args, **kwargs):
        # Wagtail: Page.objects.get(id=request.POST["new_parent_page"]), to prefill the
        # form when it is invalid. The form itself validates the destination.
        raw = request.POST.get("new_parent_page", "")
        if raw.isdigit():
            pages = visible_pages(Page.objects.filter(pk=int(raw)), request.user, other_portals_live=False)
            self.parent_page = pages.first() or self.parent_page
        return FormView.post(self, request, *args, **kwargs)

    CopyView.post = post
    CopyView._robust = True


def show_refused_choices_as_stored():
    """A refused or unreadable choice is shown again as the stored value, never looked up as typed.

    When a form is shown again with errors, Wagtail's chooser widgets look the
    submitted id up and display it: a junk id raised (``objects.get(pk="abc")``)
    and another portal's id showed that object's title. Now a chooser field with
    an error, and any field refused as another portal's item (a StreamField
    holding one included), shows its stored value; a value the widget cannot
    look up shows as empty.
    """
    from django.forms.boundfield import BoundField
    from wagtail.admin.widgets.chooser import BaseChooser

    if getattr(BaseChooser, "_robust", False):
        return
    original_get_instance = BaseChooser.get_instance

    def get_instance(self, value):
        try:
            return original_get_instance(self, value)
        except (ValueError, TypeError, OverflowError, ValidationError):
            return None

    # Django's BoundField.value, with the stored value where the submitted one was refused.
    def value(self):
        data = self.initial
        if self.form.is_bound:
            errors = self.form._errors  # None until the form is validated; never validate here
            refused = (
                bool(errors)
                and self.name in errors
                and (
                    isinstance(self.field.widget, BaseChooser)
                    or any(error.code == OTHER_PORTAL for error in errors[self.name].as_data())
                )
            )
            if not refused:
                submitted = self.data
                if not isinstance(submitted, UnreadableFormData):
                    data = self.field.bound_data(submitted, data)
        return self.field.prepare_value(data)

    BaseChooser.get_instance = get_instance
    BoundField.value = value
    BaseChooser._robust = True


def scope_page_destinations():
    """Copy and "choose a parent" forms accept only the user's own pages as destination.

    Their ``new_parent_page``/``parent_page`` fields take any page id, and the
    permission error they then show names the page ("You do not have permission
    to copy to page <title>"): another portal's draft title. Limited to the
    pages the user may see, such an id is just "not a valid choice".
    """
    from wagtail.admin.forms.pages import CopyForm, ParentChooserForm
    from wagtail.models import Page

    from cms.permissions import visible_pages

    for form_class in (CopyForm, ParentChooserForm):
        if form_class.__dict__.get("_robust", False):
            continue
        original_init = form_class.__init__

        def __init__(self, *args, _original_init=original_init, **kwargs):
            _original_init(self, *args, **kwargs)
            for field in self.fields.values():
                queryset = getattr(field, "queryset", None)
                if queryset is not None and issubclass(queryset.model, Page):
                    field.queryset = visible_pages(queryset, getattr(self, "user", None), other_portals_live=False)

        form_class.__init__ = __init__
        form_class._robust = True


def guard_redirect_import_management_form():
    """Redirect import: missing signed fields are reported by the form (the view answers 400)."""
    try:
        from wagtail.contrib.redirects.forms import ConfirmImportManagementForm
    except ImportError:  # the redirects app is not installed
        return
    from django import forms
    from django.core.signing import BadSignature

    if getattr(ConfirmImportManagementForm, "_robust", False):
        return

    def clean(self):
        cleaned_data = forms.Form.clean(self)
        for key in ("import_file_name", "input_format"):
            if key not in cleaned_data:
                continue  # already reported as required
            try:
                cleaned_data[key] = self.signer.unsign(cleaned_data[key])
            except BadSignature as error:
                raise forms.ValidationError(error.args[0] if error.args else str(error)) from error
        return cleaned_data

    ConfirmImportManagementForm.clean = clean
    ConfirmImportManagementForm._robust = True


# The modules of Wagtail that check a ``next``/``return_url`` before redirect()ing to it.
REDIRECT_CHECKING_MODULES = (
    "wagtail.admin.utils",  # get_valid_next_url_from_request: most admin views
    "wagtail.admin.views.workflows",
    "wagtail.views",  # a private page's password form (public)
    "wagtail.documents.views.serve",  # a private document's password form (public)
)


def is_redirect_url(url, allowed_hosts, require_https=False):
    """Django's same-host check, and a URL at all: a path or an http(s) address.

    ``redirect()`` reads a bare word (``next=abc``) as the name of a view and
    raises NoReverseMatch when there is none; a ``next`` that is not a path is
    treated as absent (the view's default destination).
    """
    from django.utils.http import url_has_allowed_host_and_scheme

    if not isinstance(url, str) or not url.startswith(("/", "http://", "https://")):
        return False
    return url_has_allowed_host_and_scheme(url, allowed_hosts, require_https=require_https)


def refuse_bare_word_redirects():
    """Every Wagtail ``next`` check also refuses what is not a URL (see :func:`is_redirect_url`)."""
    from importlib import import_module

    for path in REDIRECT_CHECKING_MODULES:
        try:
            module = import_module(path)
        except ImportError:  # an app that is not installed
            continue
        if hasattr(module, "url_has_allowed_host_and_scheme"):
            module.url_has_allowed_host_and_scheme = is_redirect_url


def _not_found(request, *args, **kwargs):
    raise Http404


def retire_error_test_view():
    """``/admin/failwhale/`` raises on purpose (Wagtail's 500-page test): answer 404 instead.

    Called while ``wagtail.admin.urls`` runs its ``register_admin_urls`` hooks,
    i.e. before Wagtail wraps its patterns with the admin-access check, so the
    route still asks for a login first.
    """
    module = sys.modules.get("wagtail.admin.urls")
    for pattern in getattr(module, "urlpatterns", None) or ():
        if getattr(pattern, "name", None) == "wagtailadmin_error_test":
            pattern.callback = _not_found


INLINE_FORMS_LIMIT = 100


def cap_inline_forms():
    """Every inline panel's formset (modelcluster's child formsets) takes at most
    :data:`INLINE_FORMS_LIMIT` forms, whatever the POST says its total is."""
    from modelcluster.forms import BaseChildFormSet

    original_init = BaseChildFormSet.__init__

    def __init__(self, *args, **kwargs):
        original_init(self, *args, **kwargs)
        self.absolute_max = min(self.absolute_max, max(INLINE_FORMS_LIMIT, self.max_num if self.max_num < 1000 else 0))

    BaseChildFormSet.__init__ = __init__


def refuse_out_of_range_choices():
    """A multiple choice of objects given an id past the database's integers is refused.

    Django's ``ModelMultipleChoiceField`` looks the submitted ids up with ``pk__in``;
    unlike the ``exact`` lookup, ``in`` does not drop an integer the column cannot
    hold, so SQLite raised OverflowError (and PostgreSQL an out-of-range error) for
    a users form given ``groups=99999999999999999999999``. Such a value now gets the
    field's "not one of the available choices" error, like any other unknown id.
    """
    from django.forms.models import ModelMultipleChoiceField

    if getattr(ModelMultipleChoiceField, "_robust", False):
        return
    original = ModelMultipleChoiceField._check_values
    widest = 2**63 - 1

    def _check_values(self, value):
        for pk in value if isinstance(value, (list, tuple)) else ():
            text = str(pk).strip()
            if text.lstrip("-").isdigit() and abs(int(text)) > widest:
                raise ValidationError(self.error_messages["invalid_choice"], code="invalid_choice", params={"value": text})
        return original(self, value)

    ModelMultipleChoiceField._check_values = _check_values
    ModelMultipleChoiceField._robust = True


def install():
    cap_inline_forms()
    refuse_out_of_range_choices()
    refuse_unreadable_form_data()
    refuse_empty_link_urls()
    refuse_creation_without_form()
    refuse_junk_chosen_ids()
    guard_page_copy_parent()
    show_refused_choices_as_stored()
    scope_page_destinations()
    guard_redirect_import_management_form()
    refuse_bare_word_redirects()
