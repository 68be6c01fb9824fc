"""Hooks the cms module asks of other modules."""

from hookspecs.markers import hookspec


@hookspec
def media_in_use(vendor_id, media_id):
    """Say where one of a shop's media files is used, so the library refuses to delete it.

    When: before the cms deletes a media file (vendor pages and API).
    Receives: ``vendor_id``; ``media_id`` — an id of ``cms_media``.
    Returns: a short text for people in the request's language (e.g. ``"Product: Gravel bike"``),
    a list of them, or ``None`` when this module does not use the file. Keep it to one query.
    Default: nobody uses it. (On PostgreSQL a foreign key still refuses the deletion; the
    answer just lets the message name the use.)
    """
