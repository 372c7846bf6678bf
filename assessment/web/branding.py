"""The organisation's settings, for administrators: report branding and the minimum
group size of campaign results."""

from __future__ import annotations

from flask import Blueprint, flash, redirect, render_template, url_for
from flask_login import current_user
from flask_wtf import FlaskForm
from flask_wtf.file import FileField
from werkzeug.wrappers import Response
from wtforms import BooleanField, IntegerField, StringField
from wtforms.validators import DataRequired, Length, Optional, ValidationError

from assessment.anonymity import (
    DEFAULT_MIN_GROUP_SIZE,
    MAX_GROUP_SIZE,
    MIN_GROUP_SIZE,
    check_min_group_size,
)
from assessment.branding import BrandingError, Logo, check_colour, check_logo, data_uri
from assessment.extensions import db
from assessment.permissions import Action
from assessment.services.branding import BrandingSettings, save_branding
from assessment.web.decorators import requires

bp = Blueprint("branding", __name__, url_prefix="/admin/organisation")

MIN_GROUP_SIZE_RULE = (
    f"From {MIN_GROUP_SIZE} to {MAX_GROUP_SIZE} respondents ({DEFAULT_MIN_GROUP_SIZE} unless "
    "you change it). No score, answer distribution or comment of a smaller group is shown "
    "to anyone, administrators included: not on pages, in PDF reports, in exports or "
    "through the API. Each campaign keeps the size it had when it opened: a change here applies "
    "to campaigns opened from now on."
)


class OrganisationForm(FlaskForm):
    name = StringField("Organisation name", validators=[DataRequired(), Length(max=200)])
    firm_name = StringField("Firm named on reports", validators=[Optional(), Length(max=200)])
    brand_colour = StringField("Primary colour", validators=[Optional(), Length(max=7)])
    footer_text = StringField(
        "Footer text on every PDF page", validators=[Optional(), Length(max=300)]
    )
    logo = FileField("Logo (PNG or SVG, up to 512 KB)")
    remove_logo = BooleanField("Remove the current logo")
    min_group_size = IntegerField(
        "Minimum group size for campaign results",
        render_kw={"min": MIN_GROUP_SIZE, "max": MAX_GROUP_SIZE},
    )

    def validate_min_group_size(self, field: IntegerField) -> None:
        try:
            check_min_group_size(field.data)
        except ValueError as error:
            field.errors.clear()  # one sentence for any wrong entry, blank or "abc" included
            raise ValidationError(str(error)) from None

    def validate_brand_colour(self, field: StringField) -> None:
        if field.data:
            try:
                field.data = check_colour(field.data)
            except BrandingError as error:
                raise ValidationError(str(error)) from None

    def checked_logo(self) -> Logo | None:
        """The uploaded logo, checked, or None when no file was sent."""
        upload = self.logo.data
        if upload is None or not getattr(upload, "filename", ""):
            return None
        return check_logo(upload.read())


def _settings(form: OrganisationForm, logo: Logo | None) -> BrandingSettings:
    return BrandingSettings(
        name=form.name.data or "",
        firm_name=form.firm_name.data,
        brand_colour=form.brand_colour.data,
        footer_text=form.footer_text.data,
        logo=logo,
        remove_logo=bool(form.remove_logo.data),
        min_group_size=form.min_group_size.data,
    )


@bp.route("", methods=["GET", "POST"])
@requires(Action.ADMINISTER)
def settings() -> str | Response | tuple[str, int]:
    organisation = current_user.organisation
    form = OrganisationForm(obj=organisation)
    if form.validate_on_submit():
        try:
            logo = form.checked_logo()
        except BrandingError as error:
            form.logo.errors = [str(error)]
        else:
            save_branding(db.session, organisation, _settings(form, logo))
            flash("Organisation settings saved. Reports use them from now on.", "success")
            return redirect(url_for("branding.settings"))
    status = 422 if form.is_submitted() else 200
    return render_template(
        "admin/organisation.html",
        form=form,
        logo=data_uri(organisation.logo, organisation.logo_mimetype),
        min_group_size_rule=MIN_GROUP_SIZE_RULE,
    ), status
