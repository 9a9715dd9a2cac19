"""URL converter for ContactPoint IDs: a URL with a mistyped ID is a 404 before any view runs."""

from django.core.exceptions import ValidationError

from registry.contactpoint_id import contactpoint_id_format, contactpoint_id_normalise


class ContactPointIdConverter:
    regex = r"[0-9]{4}-?[0-9]{4}-?[0-9]{4}"

    def to_python(self, value: str) -> str:
        try:
            return contactpoint_id_normalise(value)
        except ValidationError as error:
            raise ValueError(str(error)) from error

    def to_url(self, value: str) -> str:
        return contactpoint_id_format(contactpoint_id_normalise(value))
