"""Public pages of the core module, mounted at the site root."""

from flask import Blueprint, render_template

blueprint = Blueprint("core_public_pages", __name__)


@blueprint.get("/")
def home():
    return render_template("core/public/home.html")
