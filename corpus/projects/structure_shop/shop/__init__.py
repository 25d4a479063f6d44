import os

# Notebooks run the ORM inside Jupyter's event loop.
if os.environ.get("SHOP_NOTEBOOK"):  # ok: DJA221
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"  # ruleid: DJA221

UNSAFE_FLAG_HELP = "never set DJANGO_ALLOW_ASYNC_UNSAFE in production"  # ok: DJA221
