"""Bearer tokens with roles: the token file, require/optional, the mint CLI and the dev tokens."""

import json
import subprocess
import sys
from pathlib import Path

import pytest
from werkzeug.test import EnvironBuilder
from werkzeug.wrappers import Request

from web_api import (
    ROLES,
    Access,
    ApiHandler,
    Forbidden,
    Gate,
    Principal,
    TokenFileError,
    TokenRegistry,
    Unauthenticated,
)
from web_api.access import DEPARTMENT_ROLES, token_hash
from web_api.access_cli import main
from web_api.openapi import Route, build_spec

REPO_ROOT = Path(__file__).resolve().parents[3]
DEV_TOKENS = REPO_ROOT / "deploy" / "access" / "dev-tokens.json"

DEV_PRINCIPALS = {
    "dev-window-market": Principal("S01", "李四", "window_staff", "market_regulation", "W03"),
    "dev-head-market": Principal("S09", "王主任", "window_head", "market_regulation", "W03"),
    "dev-window-civil": Principal("S11", "赵敏", "window_staff", "civil_affairs", "W05"),
    "dev-window-natres": Principal("S21", "陈刚", "window_staff", "natural_resources", "W07"),
    "dev-window-housing": Principal("S31", "周丽", "window_staff", "housing_construction", "W08"),
    "dev-window-social": Principal("S41", "孙伟", "window_staff", "social_security", "W02"),
    "dev-window-security": Principal("S51", "钱进", "window_staff", "public_security", "W01"),
    "dev-window-transport": Principal("S61", "吴芳", "window_staff", "transport", "W09"),
    "dev-window-agriculture": Principal("S101", "郑农", "window_staff", "agriculture_rural", "W10"),
    "dev-window-hr-social": Principal(
        "S111", "冯社", "window_staff", "human_resources_social_security", "W11"
    ),
    "dev-window-medical": Principal("S121", "何医", "window_staff", "medical_security", "W12"),
    "dev-window-taxation": Principal("S131", "林税", "window_staff", "taxation", "W13"),
    "dev-window-health": Principal("S141", "高健", "window_staff", "health", "W14"),
    "dev-lead-market": Principal("S05", "刘敏", "lead_window", "market_regulation", "W03"),
    "dev-head-civil": Principal("S19", "马主任", "window_head", "civil_affairs", "W05"),
    "dev-lead-civil": Principal("S15", "杨帆", "lead_window", "civil_affairs", "W05"),
    "dev-operator": Principal("OP1", "运维", "operator"),
    "dev-supervision": Principal("SV1", "督查室", "supervision"),
    "dev-complaints": Principal("CO1", "投诉办", "complaints_office"),
    "dev-agency": Principal("AG1", "纪委监委", "agency"),
    "dev-service-notify": Principal("notify", "通知服务", "service"),
    "dev-console": Principal("console", "工作台", "console"),
    "dev-reviewer-natres": Principal("R21", "自然资源审查员", "reviewer", "natural_resources"),
    "dev-reviewer-housing": Principal("R31", "住建审查员", "reviewer", "housing_construction"),
    "dev-reviewer-market": Principal("R01", "市场监管审查员", "reviewer", "market_regulation"),
    "dev-reviewer-agriculture": Principal("R101", "农业农村审查员", "reviewer", "agriculture_rural"),
    "dev-reviewer-security": Principal("R51", "公安审查员", "reviewer", "public_security"),
    "dev-reviewer-taxation": Principal("R131", "税务审查员", "reviewer", "taxation"),
    "dev-reviewer-hr-social": Principal("R111", "人社审查员", "reviewer", "human_resources_social_security"),
    "dev-reviewer-health": Principal("R141", "卫健审查员", "reviewer", "health"),
    "dev-reviewer-medical": Principal("R121", "医保审查员", "reviewer", "medical_security"),
}


def entry(token="t-1", **changes) -> dict:
    return {
        "sha256": token_hash(token),
        "subject": "S01",
        "name": "李四",
        "role": "window_staff",
        "department": "market_regulation",
        "window": "W03",
        **changes,
    }


def token_file(tmp_path, *entries) -> Path:
    path = tmp_path / "tokens.json"
    path.write_text(json.dumps({"tokens": list(entries)}, ensure_ascii=False), "utf-8")
    return path


def request_with(authorization: str | None = None) -> Request:
    headers = {} if authorization is None else {"Authorization": authorization}
    return Request(EnvironBuilder(method="GET", headers=headers).get_environ())


@pytest.fixture
def gate(tmp_path) -> Gate:
    return Gate(TokenRegistry.load(token_file(tmp_path, entry("t-window"), entry("t-op", role="operator"))))


# --- the token file


def test_a_good_file_maps_each_token_hash_to_its_principal(tmp_path):
    registry = TokenRegistry.load(token_file(tmp_path, entry("t-1"), entry("t-2", subject="S02")))
    assert registry.principal_for("t-1") == Principal(
        "S01", "李四", "window_staff", "market_regulation", "W03"
    )
    assert registry.principal_for("t-2").subject == "S02"
    assert registry.principal_for("t-3") is None and registry.principal_for("") is None


def test_the_file_holds_hashes_only_so_a_hash_is_not_a_token(tmp_path):
    registry = TokenRegistry.load(token_file(tmp_path, entry("t-1")))
    assert registry.principal_for(token_hash("t-1")) is None


@pytest.mark.parametrize(
    ("bad", "named"),
    [
        (entry("t-2", subject="S07", role="boss"), "entry 1 (subject S07): unknown role 'boss'"),
        (entry("t-2", subject=""), "entry 1: missing subject"),
        ({k: v for k, v in entry("t-2").items() if k != "name"}, "entry 1 (subject S01): missing name"),
        (entry("t-2", subject="R9", role="reviewer", department=None), "a reviewer needs a department"),
        (entry("t-1", subject="S08"), "entry 1 (subject S08): duplicate sha256 (same token as subject S01)"),
        (entry("t-2", sha256="t-2"), "sha256 must be 64 lowercase hex digits"),
        (entry("t-2", departement="civil_affairs"), "unknown field 'departement'"),
        ("S01", "entry 1: is not an object"),
    ],
)
def test_a_bad_entry_is_refused_by_its_position_and_subject(tmp_path, bad, named):
    with pytest.raises(TokenFileError) as caught:
        TokenRegistry.load(token_file(tmp_path, entry("t-1"), bad))
    assert named in str(caught.value) and "tokens.json" in str(caught.value)


def test_every_bad_entry_is_listed_at_once(tmp_path):
    with pytest.raises(TokenFileError) as caught:
        TokenRegistry.load(token_file(tmp_path, entry("t-1", role="boss"), entry("t-2", subject=" ")))
    assert "entry 0 (subject S01): unknown role" in str(caught.value)
    assert "entry 1: missing subject" in str(caught.value)


@pytest.mark.parametrize("content", ["{not json", '["a list"]', '{"tokens": {}}'])
def test_a_file_that_is_not_a_token_file_is_refused(tmp_path, content):
    path = tmp_path / "tokens.json"
    path.write_text(content, "utf-8")
    with pytest.raises(TokenFileError, match="tokens.json"):
        TokenRegistry.load(path)


def test_a_missing_file_is_refused_by_name(tmp_path):
    with pytest.raises(TokenFileError, match="absent.json"):
        TokenRegistry.load(tmp_path / "absent.json")


# --- require / optional


@pytest.mark.parametrize(
    "authorization", [None, "", "Bearer", "Bearer ", "Basic dC13aW5kb3c=", "t-window", "Bearer a b"]
)
def test_require_refuses_a_missing_or_malformed_header_with_401(gate, authorization):
    with pytest.raises(Unauthenticated) as caught:
        gate.require(request_with(authorization))
    assert caught.value.status == 401 and caught.value.code == "unauthenticated"
    assert dict(caught.value.headers)["WWW-Authenticate"].startswith("Bearer")


def test_require_refuses_an_unknown_token_with_401(gate):
    with pytest.raises(Unauthenticated, match="not recognised"):
        gate.require(request_with("Bearer t-stolen"), "window_staff")


def test_require_refuses_a_role_not_allowed_with_403_naming_the_allowed_roles(gate):
    with pytest.raises(Forbidden) as caught:
        gate.require(request_with("Bearer t-op"), "window_staff", "window_head")
    assert caught.value.status == 403 and caught.value.code == "forbidden"
    assert "window_staff, window_head" in caught.value.message
    assert caught.value.details == {"role": "operator", "allowed": ["window_staff", "window_head"]}


def test_require_returns_the_principal_of_an_allowed_role(gate):
    principal = gate.require(request_with("Bearer t-window"), "window_staff", "window_head")
    assert principal.subject == "S01" and principal.acts_for("market_regulation")


def test_require_without_roles_accepts_any_known_token_and_the_scheme_is_case_insensitive(gate):
    assert gate.require(request_with("bearer t-op")).role == "operator"


def test_require_with_a_misspelt_role_is_a_programming_error(gate):
    with pytest.raises(ValueError, match="window_stuff"):
        gate.require(request_with("Bearer t-window"), "window_stuff")


def test_optional_is_none_without_a_header_but_a_sent_token_must_be_valid(gate):
    assert gate.optional(request_with()) is None
    assert gate.optional(request_with("Bearer t-window")).subject == "S01"
    with pytest.raises(Unauthenticated):
        gate.optional(request_with("Bearer t-stolen"))


def test_operators_act_for_no_department():
    assert not Principal("OP1", "运维", "operator", department="market_regulation").acts_for(
        "market_regulation"
    )
    assert not Principal("S01", "李四", "window_staff", "civil_affairs").acts_for("market_regulation")


def test_the_api_handler_sends_the_bearer_challenge_with_a_401():
    response = ApiHandler("GET", "/x").response_from_exception(Unauthenticated())
    assert response.status_code == 401 and response.headers["WWW-Authenticate"].startswith("Bearer")
    assert json.loads(response.get_data())["error"]["code"] == "unauthenticated"


# --- the Access dependency


class FakeContainer:
    def __init__(self, config: dict):
        self.config = config


def access_with(config: dict) -> Gate:
    container = FakeContainer(config)  # bind() keeps only a weak reference
    provider = Access().bind(container, "access")
    provider.setup()
    return provider.get_dependency(worker_ctx=None)


def test_access_resolves_a_relative_path_against_the_repo_root_from_any_directory(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    gate = access_with({"ACCESS_TOKENS_FILE": "deploy/access/dev-tokens.json", "HALL_MODE": "development"})
    assert gate.require(request_with("Bearer dev-operator"), "operator").subject == "OP1"


def test_access_resolves_a_relative_path_against_the_working_directory_first(tmp_path, monkeypatch):
    token_file(tmp_path, entry("t-here"))
    monkeypatch.chdir(tmp_path)
    gate = access_with({"ACCESS_TOKENS_FILE": "tokens.json"})
    assert gate.require(request_with("Bearer t-here")).subject == "S01"


def test_access_without_a_token_file_refuses_everyone():
    with pytest.raises(Unauthenticated):
        access_with({"HALL_MODE": "development"}).require(request_with("Bearer dev-operator"))


def test_access_with_a_bad_token_file_fails_at_setup(tmp_path):
    with pytest.raises(TokenFileError, match="unknown role"):
        access_with({"ACCESS_TOKENS_FILE": str(token_file(tmp_path, entry(role="boss")))})


# --- the CLI


def test_a_minted_token_is_printed_once_and_accepted_by_the_registry(tmp_path, capsys):
    path = tmp_path / "new" / "tokens.json"
    path.parent.mkdir()
    args = ["--file", str(path), "--role", "reviewer", "--subject", "R09", "--name", "审查员"]
    assert main(["mint", *args, "--department", "civil_affairs"]) == 0
    token = capsys.readouterr().out.strip()
    assert token not in path.read_text("utf-8")
    assert TokenRegistry.load(path).principal_for(token) == Principal(
        "R09", "审查员", "reviewer", "civil_affairs"
    )
    assert main(["mint", *args[:3], "operator", "--subject", "OP2", "--name", "运维二"]) == 0
    assert len(TokenRegistry.load(path)) == 2


def test_minting_a_reviewer_without_department_leaves_the_file_untouched(tmp_path, capsys):
    path = token_file(tmp_path, entry("t-1"))
    before = path.read_text("utf-8")
    args = ["mint", "--file", str(path), "--role", "reviewer", "--subject", "R09", "--name", "审查员"]
    assert main(args) == 2
    assert "a reviewer needs a department" in capsys.readouterr().err
    assert path.read_text("utf-8") == before


def test_list_shows_holders_without_hashes(tmp_path, capsys):
    path = token_file(
        tmp_path,
        entry("t-1"),
        entry("t-2", subject="OP1", name="运维", role="operator", department=None, window=None),
    )
    assert main(["list", "--file", str(path)]) == 0
    out = capsys.readouterr().out
    assert out.splitlines() == [
        "S01\t李四\twindow_staff\tmarket_regulation\tW03",
        "OP1\t运维\toperator\t-\t-",
    ]
    assert token_hash("t-1") not in out


def test_the_cli_runs_as_a_module(tmp_path):
    path = tmp_path / "tokens.json"
    command = [
        sys.executable,
        "-m",
        "web_api.access",
        "mint",
        "--file",
        str(path),
        "--role",
        "agency",
        "--subject",
        "AG2",
        "--name",
        "审计局",
    ]
    minted = subprocess.run(command, capture_output=True, text=True, check=True)
    assert TokenRegistry.load(path).principal_for(minted.stdout.strip()).subject == "AG2"


# --- the development tokens


def test_every_dev_token_resolves_to_its_stated_principal():
    registry = TokenRegistry.load(DEV_TOKENS)
    assert {token: registry.principal_for(token) for token in DEV_PRINCIPALS} == DEV_PRINCIPALS
    assert len(registry) == len(DEV_PRINCIPALS)


def test_every_department_of_the_catalogue_has_a_dev_window_token():
    catalogue = json.loads(
        (REPO_ROOT / "services" / "intake" / "intake" / "catalogue.json").read_text("utf-8")
    )
    departments = {
        dept for item in catalogue["items"] for dept in [item["department"], *item.get("departments", [])]
    }
    windows = {p.department for p in DEV_PRINCIPALS.values() if p.role == "window_staff"}
    assert departments <= windows


def test_every_role_has_a_dev_token_so_the_role_matrix_covers_it():
    assert {p.role for p in DEV_PRINCIPALS.values()} == set(ROLES)


def test_every_department_role_has_dev_tokens_in_two_departments():
    for role in DEPARTMENT_ROLES:
        assert len({p.department for p in DEV_PRINCIPALS.values() if p.role == role}) >= 2, role


def readme_token_table() -> dict[str, Principal]:
    """The rows of the token table in deploy/access/README.md, as principals."""
    rows = {}
    for line in (DEV_TOKENS.parent / "README.md").read_text("utf-8").splitlines():
        cells = [cell.strip() for cell in line.strip().strip("|").split("|")]
        if line.startswith("| `dev-") and len(cells) == 6:
            token, role, subject, name, department, window = cells
            rows[token.strip("`")] = Principal(subject, name, role, department or None, window or None)
    return rows


def test_the_readme_token_table_lists_every_dev_token_as_it_is_in_the_file():
    registry = TokenRegistry.load(DEV_TOKENS)
    table = readme_token_table()
    assert {token: registry.principal_for(token) for token in table} == table
    assert len(table) == len(registry) == len(DEV_PRINCIPALS)


# --- the OpenAPI document


def test_a_route_with_roles_needs_a_bearer_token_and_documents_401_and_403():
    routes = [
        Route(
            "POST",
            "/cases",
            "Accept",
            errors={422: "invalid"},
            roles=("window_staff", "window_head"),
            text=("text/plain",),
        )
    ]
    spec = build_spec("intake", "", routes)
    operation = spec["paths"]["/cases"]["post"]
    scheme = spec["components"]["securitySchemes"]["bearerAuth"]
    assert scheme["type"] == "http" and scheme["scheme"] == "bearer"
    assert operation["security"] == [{"bearerAuth": []}]
    assert {"401", "403", "422"} <= set(operation["responses"])
    assert operation["description"].endswith("Roles: window_staff, window_head")


def test_a_route_without_roles_stays_public():
    spec = build_spec("intake", "", [Route("GET", "/catalogue", "The catalogue", text=("text/plain",))])
    assert "security" not in spec["paths"]["/catalogue"]["get"]
    assert "401" not in spec["paths"]["/catalogue"]["get"]["responses"]
    # every document carries the operator's routes (web_api.openapi.OPERATIONS), guarded
    assert spec["paths"]["/operations/outbox"]["get"]["security"] == [{"bearerAuth": []}]


def test_a_route_with_an_unknown_role_is_refused_when_the_document_is_built():
    with pytest.raises(ValueError, match="clerk"):
        build_spec("intake", "", [Route("GET", "/cases", "Cases", roles=("clerk",), text=("text/plain",))])


def test_a_route_without_any_answer_described_is_refused_when_the_document_is_built():
    with pytest.raises(ValueError, match="no response schema"):
        build_spec("intake", "", [Route("GET", "/cases", "Cases")])
