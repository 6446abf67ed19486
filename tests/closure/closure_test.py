#!/usr/bin/env python3
"""The closure test: everything the build links and every program the tests run must come from a
Debian package that scripts/setup.sh installs, so a fresh machine has it too. (A green CI once
hid a missing uuid-dev because the CI machine happened to have it: issue 11.)

Usage: closure_test.py SOURCE_DIR BUILD_DIR

What is checked, each mapped to its package with `dpkg -S`:
  - every library on a link line of build.ninja (`-lNAME` resolved as the linker does, and the
    absolute .so/.a paths), for berth and every test binary;
  - the tools the build runs (compiler, ninja, antlr4 and its java) from CMakeCache.txt;
  - every program the tests exec (PROGRAMS below: add one when a test starts running it).
A package passes when it is in setup.sh's list, is pulled in by the list (apt's dependency
closure: what `apt-get install LIST` installs), or is Essential or of priority required (a
minbase system has those). Programs the tests may lack and then skip (OPTIONAL) must not be
needed. Exit 0 pass, 1 with one line per missing thing, 77 (skip) without dpkg."""
import os
import re
import shutil
import subprocess
import sys

# Programs the tests run (popen/system/posix_spawn and the fixture scripts).
PROGRAMS = [
    "sh", "bash", "python3", "aws", "git", "docker", "dockerd", "busybox", "tar", "sed", "awk",
    "grep", "setsid", "timeout", "mktemp", "diff", "sort", "dpkg-query", "apt-get",
    "find", "xargs", "sha256sum", "cut", "realpath",
]
# Not in Debian 12: the tests that need them skip with a reason (docs/ci.md).
OPTIONAL = ["moto_server", "cfn-lint", "ccache"]
# Where packages install programs (never /usr/local).
SYSTEM_BIN = ["/usr/sbin", "/usr/bin", "/sbin", "/bin"]
LIB_DIRS = ["/usr/lib/x86_64-linux-gnu", "/lib/x86_64-linux-gnu", "/usr/lib", "/lib"]


def run(args):
    return subprocess.run(args, capture_output=True, text=True)


def setup_list(source_dir):
    out = run(["sh", os.path.join(source_dir, "scripts/setup.sh"), "--list"]).stdout
    return [line.split()[0] for line in out.splitlines() if line.strip()]


def installed():
    """{package: (its Depends and Pre-Depends as alternatives, what it Provides)} of what dpkg
    has installed: one dpkg-query, where `apt-cache depends --recurse` takes seconds a package."""
    out = run(["dpkg-query", "-W", "-f",
               "${db:Status-Abbrev}\t${Package}\t${Depends}, ${Pre-Depends}\t${Provides}\n"])
    packages = {}
    for line in out.stdout.splitlines():
        status, name, depends, provides = (line.split("\t") + ["", "", ""])[:4]
        if not status.startswith("ii"):
            continue
        alternatives = []
        for clause in depends.split(","):
            options = [re.sub(r"[ (:].*", "", o.strip()) for o in clause.split("|")]
            options = [o for o in options if o]
            if options:
                alternatives.append(options)
        provided = [re.sub(r"[ (].*", "", p.strip()) for p in provides.split(",") if p.strip()]
        packages[name] = (alternatives, provided)
    return packages


def closure(listed, packages):
    """The installed packages `apt-get install LIST` pulls in: the list and, recursively, each
    dependency's installed alternatives (a virtual package: its installed providers)."""
    providers = {}
    for name, (_, provided) in packages.items():
        for virtual in provided:
            providers.setdefault(virtual, []).append(name)
    seen, todo = set(), list(listed)
    while todo:
        name = todo.pop()
        if name in seen:
            continue
        seen.add(name)
        for options in packages.get(name, ([], []))[0]:
            for option in options:
                for real in ([option] if option in packages else []) + providers.get(option, []):
                    if real not in seen:
                        todo.append(real)
    return seen


def base_packages():
    out = run(["dpkg-query", "-W", "-f", "${Package}\t${Essential}\t${Priority}\n"]).stdout
    base = set()
    for line in out.splitlines():
        name, essential, priority = (line.split("\t") + ["", ""])[:3]
        if essential == "yes" or priority == "required":
            base.add(name)
    return base


def owners(paths):
    """{path: package} for the paths dpkg knows, trying the merged-/usr twin and the link's
    target (dpkg records /bin/tar, not /usr/bin/tar). One `dpkg -S` for all of them."""
    candidates = {}
    for path in paths:
        names = [path, os.path.realpath(path)]
        for c in list(names):
            for a, b in (("/usr/bin/", "/bin/"), ("/usr/sbin/", "/sbin/"), ("/usr/lib/", "/lib/")):
                if c.startswith(a):
                    names.append(b + c[len(a):])
                elif c.startswith(b):
                    names.append(a + c[len(b):])
        candidates[path] = names
    everything = sorted({c for names in candidates.values() for c in names})
    package_of = {}
    for line in run(["dpkg", "-S"] + everything).stdout.splitlines():
        if line.startswith("diversion by") or ": " not in line:
            continue
        package, path = line.split(": ", 1)
        package_of[path] = package.split(",")[0].split(":")[0].strip()
    found = {}
    for path, names in candidates.items():
        for name in names:
            if name in package_of:
                found[path] = package_of[name]
                break
    return found


def link_libraries(build_dir):
    """What the link lines name: {what it is: path}, `-lNAME` resolved as ld does."""
    text = open(os.path.join(build_dir, "build.ninja")).read()
    libs = {}
    for line in re.findall(r"^\s*LINK_LIBRARIES = (.*)$", text, re.M):
        for word in line.split():
            if word.startswith("-l"):
                name = word[2:]
                path = next((os.path.join(d, f"lib{name}{ext}") for ext in (".so", ".a")
                             for d in LIB_DIRS if os.path.exists(os.path.join(d, f"lib{name}{ext}"))),
                            None)
                libs[word] = path
            elif word.startswith("/") and (".so" in word or word.endswith(".a")):
                if not word.startswith((build_dir, os.path.realpath(build_dir))):
                    libs[word] = word
    return libs


def build_tools(build_dir):
    cache = open(os.path.join(build_dir, "CMakeCache.txt")).read()
    tools = {}
    for key in ("CMAKE_CXX_COMPILER", "CMAKE_MAKE_PROGRAM", "ANTLR4_TOOL", "Java_JAVA_EXECUTABLE",
                "PKG_CONFIG_EXECUTABLE", "GIT_EXECUTABLE", "CMAKE_AR", "CMAKE_COMMAND"):
        m = re.search(rf"^{key}:\w+=(.*)$", cache, re.M)
        if m and m.group(1).startswith("/"):
            tools[key] = m.group(1)
    if "CMAKE_COMMAND" not in tools:
        tools["CMAKE_COMMAND"] = shutil.which("cmake") or "cmake"
    return tools


def main(source_dir, build_dir):
    if shutil.which("dpkg") is None or shutil.which("apt-cache") is None:
        print("SKIPPED: no dpkg/apt-cache: not a Debian system, nothing to compare with")
        return 77
    listed = setup_list(source_dir)
    if not listed:
        print("FAIL: scripts/setup.sh --list printed no packages")
        return 1
    allowed = closure(listed, installed()) | base_packages()

    needed = {}  # what -> path
    needed.update(link_libraries(build_dir))
    needed.update(build_tools(build_dir))
    system_path = os.pathsep.join(SYSTEM_BIN)
    problems = []
    for program in PROGRAMS:
        # The Debian-installed one: another copy earlier on PATH (pyenv, /usr/local) is not
        # there on a fresh machine.
        path = shutil.which(program, path=system_path)
        if path is None:
            problems.append(f"program `{program}` (the tests run it) is not installed by any "
                            "package: add its package to scripts/setup.sh")
            continue
        needed[f"program {program}"] = path
    unresolved = [what for what, path in needed.items() if path is None]
    for what in unresolved:
        problems.append(f"{what} is on a link line but no library file for it exists")
    paths = {what: path for what, path in needed.items() if path is not None}
    package_of = owners(set(paths.values()))
    checked = 0
    for what, path in sorted(paths.items()):
        package = package_of.get(path)
        if package is None:
            problems.append(f"{what} ({path}) belongs to no Debian package: berth needs it from "
                            "a package scripts/setup.sh installs")
        elif package not in allowed:
            problems.append(f"{what} ({path}) comes from package {package}, which "
                            f"scripts/setup.sh does not install: add `{package}` to its list")
        else:
            checked += 1
    for program in OPTIONAL:
        if program in PROGRAMS:
            problems.append(f"`{program}` is optional (not in Debian 12) but listed as needed")
    print(f"closure: {checked} libraries, tools and programs, each from a package of "
          f"scripts/setup.sh's {len(listed)} (closure {len(allowed)} with the base system)")
    for problem in problems:
        print("FAIL:", problem)
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main(os.path.realpath(sys.argv[1]), os.path.realpath(sys.argv[2])))
