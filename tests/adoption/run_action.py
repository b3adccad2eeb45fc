"""Runs the steps of action.yml locally, as GitHub's runner would for a composite action:
`${{ inputs.NAME }}` replaced by the given inputs (or their defaults), `if: inputs.NAME != ''`
honoured, each `run` in bash with the step's env and GITHUB_ACTION_PATH set. Exits with the
first failing step's status, printing what each step wrote.

usage: run_action.py ACTION_YML WORKDIR [NAME=VALUE ...]
"""
import os
import re
import subprocess
import sys

import yaml

INPUT = re.compile(r"\$\{\{\s*inputs\.([A-Za-z0-9_-]+)\s*\}\}")
CONDITION = re.compile(r"^\s*inputs\.([A-Za-z0-9_-]+)\s*(==|!=)\s*''\s*$")


def main() -> int:
    action_path, workdir, *pairs = sys.argv[1:]
    with open(action_path, encoding="utf-8") as f:
        action = yaml.safe_load(f)
    given = dict(p.split("=", 1) for p in pairs)
    inputs = {
        name: given.get(name, str(spec.get("default", "")))
        for name, spec in action["inputs"].items()
    }
    unknown = set(given) - set(inputs)
    if unknown:
        print(f"run_action: unknown inputs {sorted(unknown)}")
        return 2
    assert action["runs"]["using"] == "composite"
    substitute = lambda s: INPUT.sub(lambda m: inputs[m.group(1)], str(s))
    for step in action["runs"]["steps"]:
        if "uses" in step:
            print(f"run_action: `{step['name']}` uses {step['uses']}: not run locally")
            continue
        condition = step.get("if")
        if condition is not None:
            m = CONDITION.match(condition)
            if not m:
                print(f"run_action: cannot evaluate `if: {condition}`")
                return 2
            empty = inputs[m.group(1)] == ""
            if empty != (m.group(2) == "=="):
                print(f"run_action: `{step['name']}` skipped ({condition})")
                continue
        assert step.get("shell") == "bash", step
        env = dict(os.environ)
        env["GITHUB_ACTION_PATH"] = os.path.dirname(os.path.abspath(action_path))
        env.update({k: substitute(v) for k, v in step.get("env", {}).items()})
        print(f"run_action: `{step['name']}`", flush=True)
        done = subprocess.run(
            ["bash", "--noprofile", "--norc", "-eo", "pipefail", "-c", substitute(step["run"])],
            cwd=workdir,
            env=env,
        )
        if done.returncode != 0:
            print(f"run_action: `{step['name']}` failed with {done.returncode}")
            return done.returncode
    return 0


if __name__ == "__main__":
    sys.exit(main())
