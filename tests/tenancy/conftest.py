"""Fixtures of the tenancy tests beyond those of ``modules.tenancy.testing``."""

import pytest

from modules.tenancy.testing import TenancyFactory


@pytest.fixture
def factory_for():
    """``factory_for(app)``: a TenancyFactory for an app made with ``make_app``."""
    return TenancyFactory
