from django.urls import path

from billing.views import old_invoice

# included as a list from the root URLconf: include(legacy_patterns)
legacy_patterns = [
    path("old/<int:pk>/", old_invoice),
]
