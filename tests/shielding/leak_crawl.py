"""The leak crawler: every URL pattern the project has, and the requests that visit each one.

Patterns are found by walking the URL resolver, so an endpoint added later is crawled without
anyone listing it. Each pattern's arguments are filled from the marked world: the child's
ContactPoint ID, and the ids of its hidden rows (for an admin URL, of the model the URL is about;
otherwise of the model an argument such as `involvement_id` names). What each response may show
is leak_detection's business.
"""

import itertools
import uuid
from collections.abc import Callable, Iterator
from dataclasses import dataclass

from django.contrib import admin
from django.contrib.contenttypes.models import ContentType
from django.urls import URLResolver, get_resolver, resolve
from django.urls.exceptions import Resolver404
from django.utils.regex_helper import normalize

# Reports on the audit trail, crawled again once the crawl's own reads are in it.
AUDIT_REPORTS_ROUTE = "audit/reports/"
# Arguments whose values do not come from the marked world.
FIXED_KWARG_VALUES = {
    "path": ["fonts/crawl-no-such-font.woff2"],
    "url": ["crawl-no-such-page/"],
}


@dataclass(frozen=True)
class DiscoveredPattern:
    """One URL pattern, with the chain of patterns (from the root) that leads to it."""

    route: str
    name: str | None
    chain: tuple
    callback: Callable

    @property
    def is_admin(self) -> bool:
        return self.route.startswith("admin/")


def url_patterns_discover(urlconf: str | None = None) -> list[DiscoveredPattern]:
    """Every URL pattern reachable from the root URLconf, in order."""
    return list(_walk(get_resolver(urlconf).url_patterns, (), None))


def _walk(entries, chain: tuple, namespace: str | None) -> Iterator[DiscoveredPattern]:
    for entry in entries:
        if isinstance(entry, URLResolver):
            inner = namespace
            if entry.namespace:
                inner = f"{namespace}:{entry.namespace}" if namespace else entry.namespace
            yield from _walk(entry.url_patterns, (*chain, entry.pattern), inner)
        else:
            name = f"{namespace}:{entry.name}" if namespace and entry.name else entry.name
            full_chain = (*chain, entry.pattern)
            route = "".join(str(pattern).removeprefix("^") for pattern in full_chain)
            yield DiscoveredPattern(route, name, full_chain, entry.callback)


def admin_model_label(route: str) -> str | None:
    """The model an admin URL is about ('registry.address'), from its route."""
    for model in admin.site._registry:
        if route.startswith(f"admin/{model._meta.app_label}/{model._meta.model_name}/"):
            return model._meta.label_lower
    return None


def pattern_parameters(discovered: DiscoveredPattern) -> list[tuple[str, object]]:
    """(name, converter or None) for each argument of the pattern, in order."""
    parameters = []
    for pattern in discovered.chain:
        _format, names = normalize(pattern.regex.pattern)[0]
        converters = getattr(pattern, "converters", {})
        parameters += [(name, converters.get(name)) for name in names]
    return parameters


def pattern_path(discovered: DiscoveredPattern, kwargs: dict) -> str:
    parts = []
    for pattern in discovered.chain:
        path_format, names = normalize(pattern.regex.pattern)[0]
        converters = getattr(pattern, "converters", {})
        texts = {
            name: converters[name].to_url(kwargs[name]) if name in converters else str(kwargs[name])
            for name in names
        }
        parts.append(path_format % texts)
    return "/" + "".join(parts)


def pattern_urls(
    discovered: DiscoveredPattern, candidates: Callable[[str, object, str | None], list]
) -> list[str]:
    """The URLs to request for a pattern: one per combination of candidate argument values that
    resolves back to the pattern. If none does, the first is kept anyway (it is then a 404)."""
    parameters = pattern_parameters(discovered)
    model_label = admin_model_label(discovered.route) if discovered.is_admin else None
    names = [name for name, _converter in parameters]
    choices = [candidates(name, converter, model_label) for name, converter in parameters]
    urls = []
    for values in itertools.product(*choices):
        try:
            path = pattern_path(discovered, dict(zip(names, values, strict=True)))
        except ValueError:
            continue
        if _resolves_to(path, discovered):
            urls.append(path)
    if not urls and all(choices):
        first = {name: values[0] for name, values in zip(names, choices, strict=True)}
        urls.append(pattern_path(discovered, first))
    return urls


def _resolves_to(path: str, discovered: DiscoveredPattern) -> bool:
    try:
        return resolve(path).func == discovered.callback
    except Resolver404:
        return False


def kwarg_candidates_from(
    row_ids: dict[str, list[int]],
    contactpoint_id: str,
    child_pk: int,
    *,
    more_contactpoint_ids: tuple[str, ...] = (),
):
    """A `candidates(name, converter, model_label)` function over the marked world's rows; a
    ContactPoint ID argument takes the marked child's ID, then each of `more_contactpoint_ids`."""

    def ids_for_name(name: str) -> list[int]:
        model_name = name.removesuffix("_id").replace("_", "")
        for label, ids in row_ids.items():
            if label.split(".")[1].endswith(model_name) and ids:
                return ids
        return []

    def candidates(name: str, converter, model_label: str | None) -> list:
        if name in FIXED_KWARG_VALUES:
            return FIXED_KWARG_VALUES[name]
        if name == "contactpoint_id":
            return [contactpoint_id, *more_contactpoint_ids]
        if name == "app_label":
            return sorted({model._meta.app_label for model in admin.site._registry})
        if name == "content_type_id":
            return [ContentType.objects.get_by_natural_key("registry", "address").pk]
        if name in {"object_id", "pk", "id"}:
            return row_ids.get(model_label or "registry.address") or [1]
        if converter is not None and converter.__class__.__name__ == "UUIDConverter":
            return [uuid.uuid4()]
        found = ids_for_name(name)
        if found:
            return found
        if converter is not None and converter.regex == "[0-9]+":
            return [child_pk]
        return ["crawl-value"]

    return candidates


@dataclass(frozen=True)
class CrawlRequest:
    method: str
    path: str
    data: dict | None = None
    content_type: str | None = None
    # The response to an emergency override: the one response that may lift the shield.
    overriding: bool = False


def _is_sign_out(discovered: DiscoveredPattern) -> bool:
    return bool(discovered.name) and any(
        word in discovered.name for word in ("logout", "sign-out", "sign_out")
    )


def _is_override(discovered: DiscoveredPattern) -> bool:
    parameters = {name for name, _converter in pattern_parameters(discovered)}
    return (
        "override" in (discovered.name or "")
        and "review" not in (discovered.name or "")
        and "contactpoint_id" in parameters
    )


def crawl_plan(
    patterns: list[DiscoveredPattern],
    candidates,
    *,
    page_queries: list[str],
    admin_list_query: str,
    posts: dict[str, list[tuple[dict, str | None]]],
    override_post: dict,
    record_paths: list[str],
) -> list[CrawlRequest]:
    """Every request of a crawl, in order.

    1. GET every URL of every pattern; pages outside the admin again with each of `page_queries`
       (a purpose of access); admin lists again with `admin_list_query` (a lookup of the child).
    2. POST each payload in `posts` to the pattern of that name (the searches).
    3. POST an emergency override to every override pattern, then GET the record again: the
       override lifts the shield for its own response, and not for the next one.
    4. GET the audit reports again: the trail now holds the crawl's own searches (with the hidden
       postcode and NHS number typed in) and overrides, and no report may show a hidden value.
    5. Sign-out pages last, so that the session holds for everything before them.
    """
    gets, signing_out, overrides = [], [], []
    for discovered in patterns:
        for path in pattern_urls(discovered, candidates):
            if _is_sign_out(discovered):
                signing_out.append(CrawlRequest("GET", path))
                continue
            gets.append(CrawlRequest("GET", path))
            gets += _query_variants(discovered, path, page_queries, admin_list_query)
            if _is_override(discovered):
                for query in page_queries:
                    post = CrawlRequest("POST", f"{path}?{query}", override_post, overriding=True)
                    overrides.append(post)
                    overrides += [CrawlRequest("GET", record_path) for record_path in record_paths]
    posted = [
        CrawlRequest("POST", path, data, content_type)
        for discovered in patterns
        if discovered.name in posts
        for path in pattern_urls(discovered, candidates)
        for data, content_type in posts[discovered.name]
    ]
    audit_reports = [
        CrawlRequest("GET", path)
        for discovered in patterns
        if discovered.route.startswith(AUDIT_REPORTS_ROUTE)
        for path in pattern_urls(discovered, candidates)
    ]
    return gets + posted + overrides + audit_reports + signing_out


def _query_variants(discovered, path, page_queries, admin_list_query) -> list[CrawlRequest]:
    if not discovered.is_admin:
        return [CrawlRequest("GET", f"{path}?{query}") for query in page_queries]
    if (discovered.name or "").endswith("_changelist"):
        return [CrawlRequest("GET", f"{path}?{admin_list_query}")]
    return []


def crawl(detector, plan: list[CrawlRequest], *, session_client, api_clients=()) -> None:
    """Make every request of the plan; API requests again with each of `api_clients` (tokens)."""
    for item in plan:
        clients = [session_client]
        if item.path.startswith("/api/"):
            clients += list(api_clients)
        extra = {"content_type": item.content_type} if item.content_type else {}
        for client in clients:
            detector.request(
                client, item.method, item.path, item.data, overriding=item.overriding, **extra
            )
