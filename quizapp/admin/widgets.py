"""Admin widgets hardened against tampered form posts."""

from django.contrib.admin.widgets import AutocompleteSelect

MAX_ID = 2**63 - 1


class SafeAutocompleteSelect(AutocompleteSelect):
    """Django's autocomplete widget looks up the posted value to redisplay it; a value
    that is not an id (tampered or garbled) would raise while rendering the form's
    error page. Such values are simply not redisplayed: the form already refuses them."""

    def optgroups(self, name, value, attr=None):
        safe = [v for v in value if str(v).isdigit() and int(v) <= MAX_ID]
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
