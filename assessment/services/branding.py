"""The organisation's settings as an administrator sets them: its name, the branding its
reports carry, and the minimum group size k of its campaign results."""

from __future__ import annotations

from dataclasses import dataclass

from assessment.anonymity import DEFAULT_MIN_GROUP_SIZE
from assessment.branding import Logo
from assessment.extensions import DbSession
from assessment.models import Organisation


@dataclass(frozen=True)
class BrandingSettings:
    """What the organisation form sends; blank texts mean "use the default"."""

    name: str
    firm_name: str | None
    brand_colour: str | None
    """Already checked (:func:`branding.check_colour`)."""
    footer_text: str | None
    logo: Logo | None
    """A new logo, already checked; ``None`` keeps the current one unless ``remove_logo``."""
    remove_logo: bool = False
    min_group_size: int = DEFAULT_MIN_GROUP_SIZE
    """k, already checked (:func:`anonymity.check_min_group_size`): campaigns opened from now
    on copy it; one already open keeps its own."""


def save_branding(
    session: DbSession, organisation: Organisation, settings: BrandingSettings
) -> None:
    organisation.name = settings.name.strip()
    organisation.firm_name = (settings.firm_name or "").strip() or None
    organisation.brand_colour = settings.brand_colour or None
    organisation.footer_text = (settings.footer_text or "").strip() or None
    organisation.min_group_size = settings.min_group_size
    if settings.logo is not None:
        organisation.logo = settings.logo.data
        organisation.logo_mimetype = settings.logo.mimetype
    elif settings.remove_logo:
        organisation.logo, organisation.logo_mimetype = None, None
    session.commit()
