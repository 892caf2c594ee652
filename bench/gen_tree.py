#!/usr/bin/env python3
"""Writes a deterministic tree of realistic source files for `bench/scan-tree.sh`.

Usage: gen_tree.py OUT_DIR SIZE_MB [SEED]. Mostly ordinary code (functions, comments, strings,
paths, prose with `D:`), with an SDDL literal about once every 400 lines, written the way each
language writes it. Files are 4-160 KB (under `sddl scan`'s 2 MiB limit).
"""
import os
import random
import sys

out, size_mb = sys.argv[1], int(sys.argv[2])
rng = random.Random(int(sys.argv[3]) if len(sys.argv) > 3 else 6)

WORDS = ("handle buffer count index result status config client server session token key value "
         "path name entry item node list map cache queue request response error retry timeout "
         "offset length flags mode owner group access right pipe service registry file stream").split()
SDDL = [
    "D:P(A;;GA;;;SY)(A;;GA;;;BA)(A;;0x12019b;;;IU)",
    "D:(A;;GA;;;WD)",
    "D:PAI(A;OICI;FA;;;SY)(A;OICI;FA;;;BA)(A;OICI;0x1200a9;;;BU)",
    "D:(A;;CCLCSWRPWPDTLOCRRC;;;SY)(A;;CCDCLCSWRPWPDTLOCRSDRCWDWO;;;BA)(A;;CCLCSWLOCRRC;;;IU)",
    "O:BAG:SYD:PAI(A;CI;KA;;;SY)(A;CI;KA;;;BA)(A;CI;KR;;;BU)",
    "D:NO_ACCESS_CONTROL",
    "D:(A;;CCLCSWRPWPDTLOCRRC;;;SY)(A;;CCDCLCSWRPWPDTLOCRRC;;;AU)",
    "O:SYG:SYD:P(A;;GA;;;SY)(A;;0x12019b;;;%s)",
    "S:(ML;;NW;;;LW)",
]


def ident():
    w = rng.sample(WORDS, rng.randint(1, 3))
    return w[0] + "".join(x.capitalize() for x in w[1:])


def sentence():
    s = " ".join(rng.choice(WORDS) for _ in range(rng.randint(4, 12)))
    if rng.random() < 0.05:
        s += " (copy it to D: first)"
    return s.capitalize() + "."


def c_like(q="\"", comment="//", kw="int", end=";"):
    # (cumulative probability, line); the last one takes the rest.
    kinds = [
        (0.15, lambda ind: f"{ind}{comment} {sentence()}"),
        (0.35, lambda ind: f"{ind}{kw} {ident()} = {ident()}({ident()}, {rng.randint(0, 4096)}){end}"),
        (0.5, lambda ind: f"{ind}if ({ident()} != {ident()}) {{ return {ident()}{end} }}"),
        (0.65, lambda ind: f"{ind}log({q}{sentence()} %d{q}, {ident()}){end}"),
        (0.72, lambda ind: f"{ind}{ident()} = {q}C:\\\\Program Files\\\\{ident()}\\\\{ident()}.dll{q}{end}"),
        (0.85, lambda ind: f"{ind}for ({kw} i = 0; i < {ident()}; i++) {{ {ident()}(i){end} }}"),
        (1.0, lambda ind: f"{ind}{ident()}.{ident()}({ident()}, {ident()}){end}"),
    ]

    def line(ind):
        r = rng.random()
        return next(make for limit, make in kinds if r < limit or limit == 1.0)(ind)
    return line


LANGS = {
    "c": (c_like(), lambda s: f'    sa = sd(L"{s}");', "void {n}(void)\n{{", "}"),
    "cpp": (c_like(kw="auto"), lambda s: f'    auto sd = LR"({s})";', "void {n}() {{", "}"),
    "h": (c_like(), lambda s: f'#define {ident().upper()}_SDDL TEXT("{s}")', "", ""),
    "cs": (c_like(kw="var"), lambda s: f'        security.SetSecurityDescriptorSddlForm(@"{s}");',
           "    public void {n}()\n    {{", "    }"),
    "java": (c_like(kw="int"), lambda s: f'        String sd = "{s[:4]}" +\n            "{s[4:]}";',
             "    void {n}() {{", "    }"),
    "go": (c_like(kw="var", end=""), lambda s: f"\tsd := `{s}`", "func {n}() {{", "}"),
    "rs": (c_like(kw="let"), lambda s: f'    let sd = r#"{s}"#;', "fn {n}() {{", "}"),
    "ts": (c_like(q="'", kw="const"), lambda s: f"  const sd = '{s}';", "function {n}() {{", "}"),
    "py": (c_like(q="'", comment="#", kw="", end=""), lambda s: f"    sd = r'{s}'", "def {n}():", ""),
    "ps1": (c_like(comment="#", kw="$x", end=""), lambda s: f"    $sd = '{s}'", "function {n} {{", "}"),
    "json": (None, lambda s: f'    {{"name": "{ident()}", "sddl": "{s}"}},', "", ""),
    "yaml": (None, lambda s: f"  sddl: \"{s}\"", "", ""),
    "md": (None, None, "", ""),
}
WEIGHTS = {"c": 14, "cpp": 12, "h": 8, "cs": 12, "java": 8, "go": 8, "rs": 8, "ts": 10, "py": 8,
           "ps1": 3, "json": 4, "yaml": 3, "md": 2}


def body(lang, target):
    line, sddl, head, tail = LANGS[lang]
    parts, size = [], 0
    while size < target:
        if lang == "md":
            chunk = "\n".join(sentence() for _ in range(rng.randint(2, 6))) + "\n"
        elif lang in ("json", "yaml"):
            rows = []
            for _ in range(rng.randint(5, 30)):
                if rng.random() < 0.01:
                    rows.append(sddl(rng.choice(SDDL)))
                elif lang == "json":
                    rows.append(f'    {{"name": "{ident()}", "path": "D:\\\\{ident()}", "size": {rng.randint(0, 99999)}}},')
                else:
                    rows.append(f"  {ident()}: {rng.choice(WORDS)} # {sentence()}")
            chunk = "\n".join(rows) + "\n"
        else:
            ind = "    " if lang not in ("go",) else "\t"
            rows = [head.format(n=ident())] if head else []
            for _ in range(rng.randint(5, 40)):
                rows.append(sddl(rng.choice(SDDL)) if rng.random() < 1 / 400 else line(ind))
            if tail:
                rows.append(tail)
            chunk = "\n".join(rows) + "\n\n"
        parts.append(chunk)
        size += len(chunk)
    return "".join(parts)


total, n = 0, 0
langs = list(WEIGHTS)
weights = [WEIGHTS[l] for l in langs]
while total < size_mb * 1_000_000:
    lang = rng.choices(langs, weights)[0]
    d = os.path.join(out, f"mod{n // 200:03d}", rng.choice(["src", "lib", "tools", "tests"]))
    os.makedirs(d, exist_ok=True)
    text = body(lang, rng.randint(4_000, 160_000))
    with open(os.path.join(d, f"{ident()}_{n}.{lang}"), "w", encoding="utf-8") as f:
        f.write(text)
    total += len(text)
    n += 1
print(f"{n} files, {total} bytes")
