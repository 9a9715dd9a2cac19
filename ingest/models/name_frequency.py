"""How common each name is in the index, for the matcher's term-frequency adjustment."""

from django.db import models


class NameFrequency(models.Model):
    """The number of children with one normalised given or family name (first given name only)."""

    class Kind(models.TextChoices):
        GIVEN = "given", "Given name"
        FAMILY = "family", "Family name"

    kind = models.CharField(max_length=6, choices=Kind.choices)
    name = models.CharField(max_length=100)
    children = models.PositiveIntegerField()

    class Meta:
        constraints = [models.UniqueConstraint(fields=["kind", "name"], name="name_frequency_once")]

    def __str__(self) -> str:
        return f"{self.name} ({self.children})"
