"""The project's URLs."""

from django.contrib import admin
from django.contrib.auth.decorators import login_required
from django.urls import include, path, re_path
from django.views.generic import RedirectView
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerView

from contactpoint.health import healthz

urlpatterns = [
    path("", login_required(RedirectView.as_view(pattern_name="portal:search")), name="home"),
    path("", include("portal.urls")),
    path("shielding/", include("shielding.urls")),
    path("feeds/", include("ingest.urls")),
    path("audit/", include("audit.urls")),
    path("api/v1/", include("portal.api.urls")),
    path("api/schema/", SpectacularAPIView.as_view(), name="api-schema"),
    path("api/docs/", SpectacularSwaggerView.as_view(url_name="api-schema"), name="api-docs"),
    # The GOV.UK stylesheet asks for its fonts and images at /assets/.
    re_path(
        r"^assets/(?P<path>(?:fonts|images)/[\w.\-]+)$",
        RedirectView.as_view(url="/static/govuk/assets/%(path)s", permanent=True),
        name="govuk-assets",
    ),
    path("accounts/", include("accounts.urls")),
    path("admin/", admin.site.urls),
    path("healthz", healthz, name="healthz"),
]
