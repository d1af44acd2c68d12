"""Admin widgets hardened against tampered form posts."""

from django.contrib.admin.widgets import AutocompleteSelect

MAX_ID = 2**63 - 1


class SafeAutocompleteSelect(AutocompleteSelect):
    """Django's autocomplete widget looks up the posted value to redisplay it; a value
    that is not an id (tampered or garbled) would raise while rendering the form's
    error page. Such values are simply not redisplayed: the form already refuses them."""

    def optgroups(self, name, value, attr=None):
        safe = [v for v in value if str(v).isdecimal() and int(v) <= MAX_ID]
        return super().optgroups(name, safe, attr)


class SafeAutocompleteMixin:
    """For ModelAdmin and inlines: use SafeAutocompleteSelect for autocomplete fields."""

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        field = super().formfield_for_foreignkey(db_field, request, **kwargs)
        widget = getattr(field, "widget", None)
        inner = getattr(widget, "widget", widget)
        if type(inner) is AutocompleteSelect:
            inner.__class__ = SafeAutocompleteSelect
        return field


class BoundedRowsMixin:
    """For inlines: a form accepts, and renders, at most the rows the object already has
    plus `new_rows_limit` new ones, whatever row count (TOTAL_FORMS) the request claims.

    Django's own bound is 2,000 rows: a forged count made one admin POST render a 13 MB page
    of empty forms and take seconds of CPU. A larger count is refused with the formset's
    "Please submit at most … forms" error.
    """

    new_rows_limit = 20

    def get_formset(self, request, obj=None, **kwargs):
        formset = super().get_formset(request, obj, **kwargs)
        existing = 0
        if obj is not None and obj.pk is not None:
            existing = formset.model._default_manager.filter(**{formset.fk.name: obj}).count()
        formset.absolute_max = existing + self.new_rows_limit
        formset.max_num = min(formset.max_num, formset.absolute_max)
        return formset
