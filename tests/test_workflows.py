"""CI and editor configuration: valid files that call commands which exist.

Each `run:` line of the GitHub workflows is checked the cheapest way that proves it works:
`make -n` for make targets, the real argument parser for `python -m generator …`, and for the
checks a pull request runs (validate, fmt --check, changes), a real run on this repository.
"""

from __future__ import annotations

import json
import re
import shlex
import shutil
import subprocess
from pathlib import Path

import pytest
import yaml
from helpers import REPO

from generator.cli import build_parser, main
from generator.plugin import HonorRollConfig

WORKFLOWS = sorted((REPO / ".github/workflows").glob("*.yml"))
GENERATOR = [".venv/bin/python", "-m", "generator"]


def load(path: Path) -> dict:
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    assert isinstance(data, dict), path
    # YAML 1.1 reads the key `on` as true; GitHub reads it as "on".
    if True in data:
        data["on"] = data.pop(True)
    return data


def run_lines(workflow: dict) -> list[tuple[str, dict, str]]:
    lines = []
    for job in workflow["jobs"].values():
        for step in job.get("steps", []):
            for line in step.get("run", "").splitlines():
                if line.strip() and not line.strip().startswith("#"):
                    lines.append((step.get("name", ""), step.get("env", {}), line.strip()))
    return lines


def expand(line: str, env: dict) -> list[str]:
    """The command as the runner would see it, with expressions and variables filled in."""
    line = re.sub(r"\$\{\{[^}]*\}\}", "main", line)
    variables = {"GITHUB_WORKSPACE": str(REPO), **{k: "HEAD" for k in env}}
    return [
        re.sub(r"\$(\w+)", lambda m: variables.get(m.group(1), m.group(0)), a)
        for a in shlex.split(line)
    ]


def test_workflows_exist_and_are_valid_yaml():
    names = {p.name for p in WORKFLOWS}
    assert {"checks.yml", "deploy.yml"} <= names
    for path in WORKFLOWS:
        workflow = load(path)
        assert workflow["name"] and workflow["on"] and workflow["jobs"]
        for job in workflow["jobs"].values():
            for step in job.get("steps", []):
                if "uses" in step:  # actions pinned to a major version at least
                    assert re.match(r"^[\w.-]+/[\w.-]+(/[\w.-]+)*@v\d+", step["uses"]), step["uses"]


def test_pull_requests_are_checked_and_main_is_published_only_after_the_checks():
    checks = load(REPO / ".github/workflows/checks.yml")
    assert {"pull_request", "workflow_call"} <= set(checks["on"])
    steps = [line for _, _, line in run_lines(checks)]
    for command in (
        "validate --format github",
        "fmt --check --format github",
        'changes --base "$BASE" --summary',
    ):
        assert any(command in s for s in steps), command
    assert "make test" in steps and "make site" in steps

    deploy = load(REPO / ".github/workflows/deploy.yml")
    assert deploy["on"]["push"]["branches"] == ["main"]
    jobs = deploy["jobs"]
    assert jobs["kiem-tra"]["uses"] == "./.github/workflows/checks.yml"
    assert jobs["dung-trang"]["needs"] == "kiem-tra"
    assert jobs["dang-trang"]["needs"] == "dung-trang"
    assert jobs["dang-trang"]["permissions"] == {"pages": "write", "id-token": "write"}
    assert deploy["permissions"] == {"contents": "read"}
    uploads = [
        s for s in jobs["dung-trang"]["steps"] if "upload-pages-artifact" in s.get("uses", "")
    ]
    assert uploads[0]["with"]["path"] == "site"
    assert any("deploy-pages" in s.get("uses", "") for s in jobs["dang-trang"]["steps"])


def test_pull_requests_reuse_what_the_last_deploy_made_without_changing_it():
    def caches(path: str) -> list[dict]:
        workflow = load(REPO / ".github/workflows" / path)
        steps = [s for job in workflow["jobs"].values() for s in job.get("steps", [])]
        return [s for s in steps if s.get("uses", "").startswith("actions/cache")]

    (saved,) = caches("deploy.yml")
    (restored,) = caches("checks.yml")
    assert restored["uses"].startswith("actions/cache/restore@")  # never written by a check
    # restored after the tests, which build the sample site from nothing, before the build
    steps = load(REPO / ".github/workflows/checks.yml")["jobs"]["kiem-tra"]["steps"]
    runs = [s.get("run") for s in steps]
    assert runs.index("make test") < steps.index(restored) < runs.index("make site")
    assert restored["with"] == saved["with"]
    # the folder the build keeps them in (mkdocs.yml leaves the plugin's default)
    assert "cache_dir" not in (REPO / "mkdocs.yml").read_text(encoding="utf-8")
    assert saved["with"]["path"] == HonorRollConfig.cache_dir.default


@pytest.mark.parametrize(
    "step,env,line",
    [entry for path in WORKFLOWS for entry in run_lines(load(path))],
    ids=lambda v: v if isinstance(v, str) and v and " " not in v[:1] else None,
)
def test_every_run_step_calls_a_command_that_exists(step, env, line, tmp_path, monkeypatch):
    argv = expand(line, env)
    if argv[0] == "make":
        done = subprocess.run(["make", "-n", *argv[1:]], cwd=REPO, capture_output=True, text=True)
        assert done.returncode == 0, done.stderr
    elif argv[:3] == GENERATOR:
        build_parser().parse_args(argv[3:])  # exits on an unknown command or option
        if argv[3] in {"validate", "fmt", "changes"}:  # what a pull request runs: run it here
            monkeypatch.chdir(REPO)
            monkeypatch.setenv("GITHUB_STEP_SUMMARY", str(tmp_path / "summary.md"))
            assert main(argv[3:]) == 0, line
    else:
        assert shutil.which(argv[0]), f"{step}: {argv[0]} không có"


def test_pre_commit_runs_the_same_formatter_and_validator():
    config = yaml.safe_load((REPO / ".pre-commit-config.yaml").read_text(encoding="utf-8"))
    hooks = {h["id"]: h for repo in config["repos"] for h in repo["hooks"]}
    assert set(hooks) == {"ghi-danh-fmt", "ghi-danh-validate"}
    for hook in hooks.values():
        argv = shlex.split(hook["entry"])
        assert argv[0] == "make"
        done = subprocess.run(["make", "-n", *argv[1:]], cwd=REPO, capture_output=True, text=True)
        assert done.returncode == 0, done.stderr
        assert re.match(hook["files"], "exemplars/nguyen-thi-mai/index.md")
    assert (
        "generator fmt"
        in subprocess.run(["make", "-n", "fmt"], cwd=REPO, capture_output=True, text=True).stdout
    )


def jsonc(path: Path) -> dict:
    """VS Code's JSON with comments: whole-line // comments only, as these files use."""
    text = "\n".join(
        line
        for line in path.read_text(encoding="utf-8").splitlines()
        if not line.strip().startswith("//")
    )
    return json.loads(re.sub(r"\s//[^\"\n]*$", "", text, flags=re.M))


def test_vscode_opens_records_as_yaml_and_reads_the_schema_from_their_modeline():
    settings = jsonc(REPO / ".vscode/settings.json")
    assert settings["files.associations"]["**/exemplars/*/index.md"] == "yaml"
    # A yaml.schemas mapping would also apply the schema to the story (a second YAML document).
    assert "yaml.schemas" not in settings
    assert jsonc(REPO / ".vscode/extensions.json")["recommendations"] == ["redhat.vscode-yaml"]
    for path in sorted(REPO.glob("exemplars/*/index.md")):
        modeline = path.read_text(encoding="utf-8").split("\n")[1]
        target = modeline.removeprefix("# yaml-language-server: $schema=")
        assert (path.parent / target).resolve() == (REPO / "schema/record.schema.json").resolve()


def test_vscode_task_reports_validator_lines_in_the_problems_panel():
    tasks = {t["label"]: t for t in jsonc(REPO / ".vscode/tasks.json")["tasks"]}
    validate = tasks["Kiểm tra hồ sơ"]
    assert validate["command"] == "make validate"
    line_pattern, file_pattern = (m["pattern"] for m in validate["problemMatcher"])
    match = re.match(
        line_pattern["regexp"],
        'exemplars/nguyen-thi-mai/index.md:7: commune: "bat-xatt" không có trong danh mục',
    )
    assert match and match.group(line_pattern["file"]) == "exemplars/nguyen-thi-mai/index.md"
    assert match.group(line_pattern["line"]) == "7"
    match = re.match(file_pattern["regexp"], "exemplars/x/ghi-chu.md: hồ sơ đặt sai chỗ: …")
    assert match and match.group(file_pattern["file"]) == "exemplars/x/ghi-chu.md"


def test_editors_tools_speak_vietnamese_too():
    """yaml-language-server shows `errorMessage` instead of its English messages."""
    vocab = json.loads((REPO / "schema/vocabularies.schema.json").read_text(encoding="utf-8"))
    for name, definition in vocab["$defs"].items():
        assert definition["errorMessage"].startswith("Không có trong danh mục"), name
        assert len(definition["enumDescriptions"]) == len(definition["enum"]), name
    record = json.loads((REPO / "schema/record.schema.json").read_text(encoding="utf-8"))

    def nodes(node):
        if isinstance(node, dict):
            yield node
            for value in node.values():
                yield from nodes(value)
        elif isinstance(node, list):
            for value in node:
                yield from nodes(value)

    hinted = [n for n in nodes(record) if "x-hint" in n]
    assert hinted and all(n["errorMessage"].startswith("Cần ") for n in hinted)


@pytest.mark.parametrize("command", ["validate", "build", "fmt", "new"])
def test_a_command_run_outside_the_repository_says_where_to_run_it(
    tmp_path, monkeypatch, capsys, command
):
    """It used to end in a traceback (validate) or click's English (build)."""
    monkeypatch.chdir(tmp_path)
    assert main([command]) == 2
    message = capsys.readouterr().err
    assert "Không tìm thấy kho hồ sơ" in message and "cd <thư mục kho>" in message
    assert "Traceback" not in message
