# One class per capitalised module, re-exported by the package: `shop.models.Item` is the class
# (the star import binds it over the submodule), not the module models/Item.py.
from .Item import *
from .Order import Order
from . import helpers
