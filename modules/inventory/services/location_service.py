"""Stock locations: where a shop keeps its goods. One of them is the default (sales take
from it first); a location with stock or history is switched off rather than deleted."""

from __future__ import annotations

from sqlalchemy import exists, func, select, update

from wizamart.database import db

from ..exceptions import DefaultLocationRequired, LocationInUse, LocationNameTaken, LocationNotFound
from ..models import StockAdjustment, StockLevel, StockLocation
from ..schemas import LocationIn


def list_locations(vendor_id: int, active_only: bool = False) -> list[StockLocation]:
    """The shop's locations, the default first, then by name."""
    statement = select(StockLocation).where(StockLocation.vendor_id == vendor_id)
    if active_only:
        statement = statement.where(StockLocation.active.is_(True))
    return list(db.session.scalars(statement.order_by(StockLocation.is_default.desc(), StockLocation.name)))


def get(vendor_id: int, location_id: int, field_name: str = "location_id") -> StockLocation:
    """The shop's location; ``LocationNotFound`` (404) for one of another shop."""
    location = db.session.get(StockLocation, location_id) if isinstance(location_id, int) else None
    if location is None or location.vendor_id != vendor_id:
        error = LocationNotFound(location_id)
        if field_name != "location_id":
            error.details["fields"] = {field_name: error.details["fields"].pop("location_id")}
        raise error
    return location


def default_location(vendor_id: int) -> StockLocation | None:
    """Where sales and quick receipts go: the default location (or the first active one)."""
    return next(iter(list_locations(vendor_id, active_only=True)), None)


def create(vendor_id: int, data: LocationIn) -> StockLocation:
    """Add a location; the shop's first one becomes its default."""
    try:
        _check_name(vendor_id, data.name)
        first = not db.session.scalar(select(exists().where(StockLocation.vendor_id == vendor_id)))
        location = StockLocation(vendor_id=vendor_id)
        _apply(location, data, force_default=first)
        db.session.add(location)
        db.session.flush()
        if location.is_default:
            _only_default(vendor_id, location.id)
        db.session.commit()
    except Exception:
        db.session.rollback()
        raise
    return location


def update_location(vendor_id: int, location_id: int, data: LocationIn) -> StockLocation:
    """Change a location. Making it the default takes that from the others; the default itself
    cannot be switched off or stop being the default (make another one the default)."""
    try:
        location = get(vendor_id, location_id)
        _check_name(vendor_id, data.name, location.id)
        if location.is_default and not data.is_default:
            raise DefaultLocationRequired("is_default")
        if (location.is_default or data.is_default) and not data.active:
            raise DefaultLocationRequired("active")
        _apply(location, data)
        if location.is_default:
            _only_default(vendor_id, location.id)
        db.session.commit()
    except Exception:
        db.session.rollback()
        raise
    return location


def delete(vendor_id: int, location_id: int) -> None:
    """Remove a location that never held stock; others are switched off instead (``LocationInUse``)."""
    try:
        location = get(vendor_id, location_id)
        if location.is_default:
            raise DefaultLocationRequired("is_default")
        used = db.session.scalar(
            select(
                exists().where(StockAdjustment.location_id == location.id)
                | exists().where(StockLevel.location_id == location.id, StockLevel.on_hand != 0)
            )
        )
        if used:
            raise LocationInUse(location.name)
        db.session.execute(
            StockLevel.__table__.delete().where(StockLevel.location_id == location.id)
        )  # empty levels only
        db.session.delete(location)
        db.session.commit()
    except Exception:
        db.session.rollback()
        raise


def _check_name(vendor_id: int, name: str, own_id: int | None = None) -> None:
    clash = select(StockLocation.id).where(
        StockLocation.vendor_id == vendor_id, func.lower(StockLocation.name) == name.strip().lower()
    )
    if own_id is not None:
        clash = clash.where(StockLocation.id != own_id)
    if db.session.scalar(clash) is not None:
        raise LocationNameTaken(name)


def _apply(location: StockLocation, data: LocationIn, force_default: bool = False) -> None:
    location.name = data.name.strip()
    location.street = data.street.strip()
    location.postal_code = data.postal_code.strip()
    location.city = data.city.strip()
    location.country = (data.country or "LU").strip().upper()
    location.is_default = data.is_default or force_default
    location.active = data.active or location.is_default


def _only_default(vendor_id: int, location_id: int) -> None:
    db.session.execute(
        update(StockLocation)
        .where(StockLocation.vendor_id == vendor_id, StockLocation.id != location_id)
        .values(is_default=False),
        execution_options={"synchronize_session": "fetch"},
    )
