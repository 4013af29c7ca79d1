#!/usr/bin/env python3
"""Turns every ```cpp block of README.md and docs/**/*.md into C++ that the doc test
compiles and runs: one translation unit per page, each block in a namespace of its own.
The conventions (scaffold, claims, opt-out) are documented in docs/README.md, section
"The examples are tested".

  extract_snippets.py generate ROOT OUT_DIR    writes OUT_DIR/<page>.cpp, example_schema.hpp
  extract_snippets.py check-playground ROOT    the playground's schema is the docs' one

Standard library only.
"""

import os
import re
import sys

FENCE = re.compile(r"^```(\S*)\s*$")
MARKER = re.compile(r"^<!--\s*doc-test:\s*(.*?)\s*-->\s*$")

# Where a block's lines go when they sit at the block's top level.
PAGE_LEVEL = re.compile(r"^\s*(#include\b|namespace\s+\w+\s*=|using\s+namespace\b|using\s+[\w:]+::\w+\s*;)")
DECLARATION = re.compile(
    r"^\s*(struct\s|class\s|enum\s|BOOST_DESCRIBE_|template\s*<|namespace\s+\w+\s*\{|"
    r"[\w:<>]+\s+[\w:]+\s*\([^;]*\)\s*(const\s*)?\{?\s*$)"
)
CONTROL = re.compile(r"^\s*(for|if|while|do|try|switch|else|catch)\b")
CONTINUATION = re.compile(r"^\s*(\.|&&|\|\||\+|-|\*|/|\?|:|<<|>>|\)|catch\b|else\b)")

SQL_STATEMENT = re.compile(r"^(SELECT|INSERT|UPDATE|DELETE|CREATE|DROP|COPY)\b")
SQL_FRAGMENT = re.compile(r'^("|\(|NOT\b)')
DIALECT_PREFIX = re.compile(r"^(SQLite|PostgreSQL):\s*(.*)$")
THROWS = re.compile(r'^throws\s+errc::(\w+)(?::\s*"((?:[^"\\]|\\.)*)")?')
PRINTS = re.compile(r"^prints:\s?(.*)$")


class DocError(Exception):
    pass


def pages(root):
    found = [os.path.join(root, "README.md")]
    for base, dirs, files in os.walk(os.path.join(root, "docs")):
        dirs.sort()
        for f in sorted(files):
            if f.endswith(".md"):
                found.append(os.path.join(base, f))
    return sorted(found, key=lambda p: os.path.relpath(p, root))


def slug(rel):
    return re.sub(r"[^A-Za-z0-9]", "_", rel[:-3] if rel.endswith(".md") else rel)


RAW_STRING = re.compile(r'R"([^(\s]*)\(')


def scan(line):
    """(code, start): the line's code with string and character literals blanked out (for
    counting brackets), and where its trailing // comment starts (len(line) if none)."""
    code = []
    i, n = 0, len(line)
    while i < n:
        ch = line[i]
        if line.startswith("//", i):
            return "".join(code), i
        if line.startswith("/*", i):
            end = line.find("*/", i + 2)
            i = n if end < 0 else end + 2
            code.append(" ")
            continue
        m = RAW_STRING.match(line, i)
        if m and (i == 0 or not (line[i - 1].isalnum() or line[i - 1] == "_")):
            end = line.find(")" + m.group(1) + '"', m.end())
            i = n if end < 0 else end + len(m.group(1)) + 2
            code.append('""')
            continue
        if ch == "'" and i > 0 and line[i - 1].isalnum():
            i += 1  # a digit separator: 10'000
            continue
        if ch in "\"'":
            j = i + 1
            while j < n and line[j] != ch:
                j += 2 if line[j] == "\\" else 1
            code.append(ch + ch)
            i = j + 1
            continue
        code.append(ch)
        i += 1
    return "".join(code), n


def split_comment(line):
    """(code, comment): the blanked code of the line and the text of its trailing //
    comment (None if it has none)."""
    code, start = scan(line)
    return code, (line[start + 2:].strip() if start < len(line) else None)


def find_comment_start(line):
    return scan(line)[1]


def depth_change(code):
    return sum(code.count(c) for c in "([{") - sum(code.count(c) for c in ")]}")


def code_text(lines):
    """The code of some source lines with comments removed (for finding a query)."""
    return "\n".join(text[:find_comment_start(text)] for _, text in lines)


class Block:
    def __init__(self, page, rel, start, lines, markers):
        self.page = page
        self.rel = rel
        self.start = start  # line number of the opening fence
        self.lines = lines  # [(line number, text)]
        self.markers = markers
        self.text = "\n".join(t for _, t in lines)


def read_blocks(path, rel):
    blocks = []
    with open(path, encoding="utf-8") as f:
        all_lines = f.read().split("\n")
    i = 0
    markers = []
    while i < len(all_lines):
        line = all_lines[i]
        m = MARKER.match(line)
        if m:
            markers.append(m.group(1))
            i += 1
            continue
        fm = FENCE.match(line)
        if fm:
            info = fm.group(1)
            j = i + 1
            body = []
            while j < len(all_lines) and not all_lines[j].startswith("```"):
                body.append((j + 1, all_lines[j]))
                j += 1
            if j >= len(all_lines):
                raise DocError(f"{rel}:{i + 1}: code block is not closed")
            if info == "cpp" and "continues" in markers:
                if not blocks:
                    raise DocError(f"{rel}:{i + 1}: 'continues' on the first block of the page")
                # one function with the block before it: its names stay in scope
                blocks[-1].lines += body
                blocks[-1].text = "\n".join(t for _, t in blocks[-1].lines)
            elif info == "cpp":
                blocks.append(Block(path, rel, i + 1, body, markers))
            elif markers:
                raise DocError(f"{rel}:{i + 1}: a doc-test marker stands before a block that is not ```cpp")
            markers = []
            i = j + 1
            continue
        if line.strip():
            if markers:
                raise DocError(f"{rel}:{i + 1}: a doc-test marker must stand right before a ```cpp block")
        i += 1
    return blocks


# ---- splitting a block into page-level lines, declarations and statements ----------

class Item:
    def __init__(self, kind, lines):
        self.kind = kind  # "page", "decl", "stmt", "comment" or "blank"
        self.lines = lines  # [(line number, text)]
        self.fragment = False  # a clause: a statement that starts with "."
        # the comments that follow it: [(line number, text, continuation)]
        self.claims = []


def split_items(block):
    """The block's lines grouped into items: page-level lines, declarations, statements
    (a statement ends where its brackets close and its line ends in ; or }, unless the
    next line continues it), comments."""
    items = []
    lines = block.lines
    i = 0
    while i < len(lines):
        num, text = lines[i]
        code, comment = split_comment(text)
        if not code.strip():
            if comment is not None:
                items.append(Item("comment", [(num, text)]))
            else:
                items.append(Item("blank", []))
            i += 1
            continue
        if PAGE_LEVEL.match(code):
            items.append(Item("page", [(num, text)]))
            i += 1
            continue
        kind = "decl" if DECLARATION.match(code) else "stmt"
        fragment = kind == "stmt" and code.lstrip().startswith(".")
        control = kind == "stmt" and CONTROL.match(code)
        taken = [(num, text)]
        depth = depth_change(code)
        i += 1
        while True:
            last_code = split_comment(taken[-1][1])[0].rstrip()
            ended = last_code.endswith(";") or last_code.endswith("}")
            # the next line of code, skipping comment-only lines
            k = i
            while k < len(lines) and not split_comment(lines[k][1])[0].strip():
                k += 1
            if k >= len(lines):
                break
            next_code = split_comment(lines[k][1])[0]
            if depth > 0:
                pass
            elif kind == "decl":
                if ended or last_code.endswith(")"):
                    break
            elif control and not ended:
                pass
            elif CONTINUATION.match(next_code) and not (fragment and next_code.lstrip().startswith(".")):
                if ended and not re.match(r"^\s*(catch|else)\b", next_code):
                    break
            elif ended or not last_code.endswith(("=", ",", "(", "&&", "||", "+", "<<")):
                break
            # take the lines up to and including the next code line
            while i <= k:
                taken.append(lines[i])
                depth += depth_change(split_comment(lines[i][1])[0])
                i += 1
        item = Item(kind, taken)
        item.fragment = fragment
        items.append(item)
    # attach comments: a trailing comment of an item's last line, and the comment-only
    # lines right after it; (line, text, continuation) where a continuation is written
    # "//   more" (two or more spaces)
    result = []
    for item in items:
        if item.kind == "comment" and result and result[-1].kind in ("stmt", "decl") and result[-1].open_claims:
            num, text = item.lines[0]
            raw = text[find_comment_start(text) + 2:]
            result[-1].claims.append((num, raw.strip(), bool(re.match(r"\s{2,}\S", raw))))
            continue
        if item.kind in ("stmt", "decl"):
            item.open_claims = True
            num, text = item.lines[-1]
            comment = split_comment(text)[1]
            if comment is not None:
                item.claims.append((num, comment, False))
        elif result and result[-1].kind in ("stmt", "decl"):
            result[-1].open_claims = False
        result.append(item)
    return result


# ---- claims -----------------------------------------------------------------------

def normalise(text):
    return re.sub(r"\s+", " ", text).strip()


def sql_claims(item):
    """[(line, dialect, whole, text)] from the comments after a statement."""
    claims = []
    current = None
    for num, comment, continuation in item.claims:
        if continuation and current is not None and not DIALECT_PREFIX.match(comment):
            current[3] += " " + comment
            continue
        raw, dialect = comment, None
        m = DIALECT_PREFIX.match(raw)
        if m:
            dialect, raw = m.group(1), m.group(2)
        if dialect or SQL_STATEMENT.match(raw) or (item.fragment and SQL_FRAGMENT.match(raw)):
            whole = bool(SQL_STATEMENT.match(raw)) and not item.fragment
            current = [num, dialect, whole, raw]
            claims.append(current)
        else:
            current = None
    out = []
    for num, dialect, whole, text in claims:
        text = normalise(text)
        if dialect is None:
            dialect = "PostgreSQL" if re.search(r"\$\d", text) else "SQLite"
        out.append((num, dialect, whole, text))
    return out


def query_expression(item):
    """The C++ expression whose type is the query an SQL claim is about."""
    code = code_text(item.lines).strip().rstrip(";").strip()
    if item.fragment:
        return None
    m = re.search(r"(?:\.|->)(?:async_)?run\(", code)
    if m:
        return first_argument(code, m.end())
    m = re.match(r"^(?:auto|const\s+auto|[\w:<>, ]+?)\s*&?\s*(\w+)\s*(?:=|\{)", code)
    if m and not code.startswith("pc::"):
        return m.group(1)
    if code.startswith("pc::"):
        return code
    return None


def first_argument(code, start):
    depth = 0
    i = start
    out = []
    while i < len(code):
        ch = code[i]
        if ch in "([{":
            depth += 1
        elif ch in ")]}":
            if depth == 0:
                break
            depth -= 1
        elif ch == "," and depth == 0:
            # a comma inside template arguments (raw<"...", Row>) is not the end
            head = "".join(out)
            if head.count("<") > head.count(">"):
                out.append(ch)
                i += 1
                continue
            break
        elif ch == '"':
            j = i + 1
            while j < len(code) and code[j] != '"':
                j += 2 if code[j] == "\\" else 1
            out.append(code[i:j + 1])
            i = j + 1
            continue
        out.append(ch)
        i += 1
    return "".join(out).strip()


def fragment_table(item):
    m = re.search(r"c<&(\w+)::", code_text(item.lines))
    if not m:
        raise DocError(f"{item.rel}:{item.lines[0][0]}: a clause fragment must name a column, c<&Table::member>")
    return m.group(1)


def cpp_string(text):
    if ')doc"' in text:
        raise DocError("text contains )doc\"")
    return 'R"doc(' + text + ')doc"'


# ---- generating a page ------------------------------------------------------------

class Page:
    def __init__(self, root, path):
        self.root = root
        self.path = path
        self.rel = os.path.relpath(path, root).replace(os.sep, "/")
        self.slug = slug(self.rel)
        self.blocks = read_blocks(path, self.rel)


def block_engine(page, block):
    text = block.text
    if re.search(r"pc::postgres::|<piccolo/postgres", text):
        engine = "postgres"
    elif "pc::sqlite::" in text:
        engine = "sqlite"
    elif page.rel in ("docs/engines/postgres.md", "docs/pool.md", "docs/async.md"):
        engine = "postgres"
    else:
        engine = "sqlite"
    is_async = bool(re.search(r"async_|co_await|asio::|\bio\b|\bpool\b", text))
    return engine, is_async


def emit_statements(page, items, body, local_decls=False):
    """Appends the statements of `items` to `body`, with their claims checked; returns
    whether one of them states an error (and so the block runs). Declarations stay where
    they are when `local_decls` (inside main()); otherwise they were hoisted."""
    states_error = False
    for item in items:
        if item.kind == "decl" and local_decls:
            body.extend(f'#line {num} "{page.rel}"\n{text}' for num, text in item.lines)
            continue
        if item.kind != "stmt":
            continue
        claims_text = [c for _, c, _ in item.claims]
        if any(c.startswith("error:") for c in claims_text):
            continue  # a compile error by design: left out
        throws = [THROWS.match(c) for c in claims_text if THROWS.match(c)]
        lines = list(item.lines)
        last_num, last_text = lines[-1]
        code_last = last_text[:find_comment_start(last_text)].rstrip()
        if not code_last.endswith((";", "}")):
            lines[-1] = (last_num, code_last + ";")
        source = [f'#line {num} "{page.rel}"\n{text}' for num, text in lines]
        if item.fragment:
            body.append(f"{{ auto doc_fragment = pc::objects<{fragment_table(item)}>()")
            body.extend(source)
            body.append("(void)doc_fragment; }")
        elif throws:
            code, what = throws[0].group(1), throws[0].group(2)
            what_arg = cpp_string(what.replace('\\"', '"')) if what is not None else "nullptr"
            body.append(f'doc::expect_error(pc::errc::{code}, {what_arg}, "{page.rel}:{item.lines[0][0]}", [&] {{')
            body.extend(source)
            body.append("});")
            states_error = True
        else:
            body.extend(source)
        for num, dialect, whole, text in sql_claims(item):
            if item.fragment:
                expr = f"pc::objects<{fragment_table(item)}>()" + code_text(item.lines).strip().rstrip(";")
            else:
                expr = query_expression(item)
            if expr is None:
                raise DocError(f"{page.rel}:{num}: an SQL comment after a statement that runs no query "
                               "(or the test cannot find it)")
            d = "pc::postgres_dialect" if dialect == "PostgreSQL" else "pc::sqlite_dialect"
            body.append(f'#line {num} "{page.rel}"\n'
                        f"static_assert(doc::sql_claim<decltype({expr}), {d}, {'true' if whole else 'false'},"
                        f" doc::text{{{cpp_string(text)}}}>());")
    return states_error


class LineBlock:
    def __init__(self, lines):
        self.lines = lines


def generate_page(page, out):
    includes = []  # (line, text)
    globals_ = []
    global_blocks = []
    parts = []
    registrations = []
    uses_postgres = uses_async = False
    counts = {"blocks": 0, "skipped": 0}
    for block in page.blocks:
        skip = [m for m in block.markers if m.startswith("no-compile")]
        if skip:
            if not re.match(r"no-compile:\s*\S", skip[0]):
                raise DocError(f"{page.rel}:{block.start}: write <!-- doc-test: no-compile: reason -->")
            counts["skipped"] += 1
            continue
        counts["blocks"] += 1
        if "global" in block.markers:
            # declarations that C++ wants at global namespace scope (a specialisation of
            # piccolo::value_traits): copied there as written, compiled, not run
            global_blocks.extend(f'#line {num} "{page.rel}"\n{text}' for num, text in block.lines)
            registrations.append(f'  {{"{page.rel}", {block.start}, nullptr, nullptr}},')
            continue
        engine, is_async = block_engine(page, block)
        uses_postgres |= engine == "postgres"
        uses_async |= is_async
        name = f"block_{block.start}"
        items = split_items(block)
        for item in items:
            item.rel = page.rel
        decls, body = [], []
        expected_output = []
        for num, text in block.lines:
            comment = split_comment(text)[1]
            m = PRINTS.match(comment or "")
            if m:
                expected_output.append(m.group(1))
        whole_program = False
        states_error = False
        for item in items:
            if item.kind == "page":
                num, text = item.lines[0]
                target = includes if text.lstrip().startswith("#") else globals_
                if text.strip() not in [t.strip() for _, t in target]:
                    target.append((num, text))
            elif item.kind == "decl" and re.match(r"^\s*int\s+main\s*\(", item.lines[0][1]):
                # a whole program: main() becomes doc_main(), its statements are checked
                # like a block's
                whole_program = True
                (first_num, first), inner, (end_num, end) = item.lines[0], item.lines[1:-1], item.lines[-1]
                decls.append(f'#line {first_num} "{page.rel}"\n' + re.sub(r"\bmain\s*\(", "doc_main(", first, count=1))
                inner_items = split_items(LineBlock(inner))
                for inner_item in inner_items:
                    inner_item.rel = page.rel
                states_error |= emit_statements(page, inner_items, decls, local_decls=True)
                # what main() does when it falls off its end (also after an early `return 1;`:
                # falling off doc_main() would be undefined, a trap under Clang)
                decls.append("return 0;")
                decls.append(f'#line {end_num} "{page.rel}"\n{end}')
            elif item.kind == "decl":
                decls.extend(f'#line {num} "{page.rel}"\n{text}' for num, text in item.lines)
        states_error |= emit_statements(page, items, body)
        # A synchronous SQLite block runs (unless marked no-run); a PostgreSQL one when it
        # states its output or an error, and PICCOLO_PG_CONNINFO names a server; an
        # asynchronous one is compiled only.
        no_run = [m for m in block.markers if m.startswith("no-run")]
        if no_run and not re.match(r"no-run:\s*\S", no_run[0]):
            raise DocError(f"{page.rel}:{block.start}: write <!-- doc-test: no-run: reason -->")
        if engine == "sqlite":
            runnable = not is_async and not no_run
        else:
            runnable = (bool(expected_output) or states_error) and not is_async
        out_name = cpp_string("".join(e + "\n" for e in expected_output)) if expected_output else "nullptr"
        part = [f"namespace {name} {{"]
        part.extend(decls)
        if whole_program:
            if body:
                raise DocError(f"{page.rel}:{block.start}: a block with main() has statements outside it")
            run = f"{name}::doc_main();"
        else:
            coroutine = "co_await" in block.text and "co_spawn" not in block.text
            if engine == "postgres" and is_async:
                params = ("[[maybe_unused]] boost::asio::io_context& io, [[maybe_unused]] pc::postgres::database& db, "
                          "[[maybe_unused]] pc::postgres::pool& pool")
            elif engine == "postgres":
                params = "[[maybe_unused]] pc::postgres::database& db"
            elif is_async:
                params = "[[maybe_unused]] boost::asio::io_context& io, [[maybe_unused]] pc::sqlite::database& db"
            else:
                params = "[[maybe_unused]] pc::sqlite::database& db"
            ret = "boost::asio::awaitable<void>" if coroutine else "void"
            part.append(f"{ret} body({params}) {{ {{")
            part.extend(body)
            part.append("}" + (" co_return;" if coroutine else "") + " }")
            if engine == "postgres":
                run = f"doc::postgres_example example; {name}::body(example.db);"
            else:
                run = f"auto db = doc::example_database(); {name}::body(db);"
        part.append(f"}}  // namespace {name}")
        parts.append("\n".join(part))
        if runnable:
            parts.append(f"void {name}_run() {{ {run} }}")
        run_ref = f"&{name}_run" if runnable else "nullptr"
        registrations.append(f'  {{"{page.rel}", {block.start}, {run_ref}, {out_name}}},')
    lines = [f"// Generated from {page.rel} by tests/docs/extract_snippets.py; do not edit.",
             f"#define DOC_POSTGRES {int(uses_postgres)}",
             f"#define DOC_ASYNC {int(uses_async)}",
             '#include "scaffold.hpp"']
    for num, text in includes:
        lines.append(f'#line {num} "{page.rel}"\n{text}')
    for num, text in globals_:
        lines.append(f'#line {num} "{page.rel}"\n{text}')
    lines.extend(global_blocks)
    lines.append("namespace {")
    lines.extend(parts)
    lines.append("const doc::block blocks[] = {")
    lines.extend(registrations)
    lines.append(f'  {{"{page.rel}", 0, nullptr, nullptr}}}};')
    lines.append(f'const doc::registrar registered{{"{page.rel}", blocks, sizeof blocks / sizeof blocks[0] - 1}};')
    lines.append("}  // namespace")
    write_if_changed(os.path.join(out, page.slug + ".cpp"), "\n".join(lines) + "\n")
    return counts


def write_if_changed(path, content):
    try:
        with open(path, encoding="utf-8") as f:
            if f.read() == content:
                return
    except FileNotFoundError:
        pass
    with open(path, "w", encoding="utf-8") as f:
        f.write(content)


# ---- the example schema -----------------------------------------------------------

def example_schema_block(root):
    page = Page(root, os.path.join(root, "docs", "schema.md"))
    found = [b for b in page.blocks if "example-schema" in b.markers]
    if len(found) != 1:
        raise DocError("docs/schema.md: exactly one ```cpp block must be marked <!-- doc-test: example-schema -->")
    return found[0]


def schema_definitions(text):
    """The struct, enum and BOOST_DESCRIBE lines of a schema, comments and blank space
    removed: what must be equal in the docs and in the playground."""
    out = []
    for line in text.split("\n"):
        code = line[:find_comment_start(line)].strip()
        if not code or code.startswith(("#include", "namespace ", "using ")):
            continue
        out.append(re.sub(r"\s+", " ", code))
    return out


def write_example_schema(root, out):
    block = example_schema_block(root)
    lines = ["// Generated from docs/schema.md (the example schema) by tests/docs/extract_snippets.py.",
             "#pragma once"]
    for num, text in block.lines:
        lines.append(f'#line {num} "docs/schema.md"\n{text}')
    write_if_changed(os.path.join(out, "example_schema.hpp"), "\n".join(lines) + "\n")


def check_playground(root):
    docs = schema_definitions(example_schema_block(root).text)
    with open(os.path.join(root, "examples", "playground_schema.hpp"), encoding="utf-8") as f:
        source = f.read()
    m = re.search(r"// ---- the example schema.*?\n(.*?)\n// ---- ", source, re.S)
    if not m:
        print("examples/playground_schema.hpp: no section '// ---- the example schema' ... '// ---- '")
        return 1
    play = schema_definitions(m.group(1))
    if play != docs:
        import difflib
        print("examples/playground_schema.hpp defines another schema than docs/schema.md's example schema:")
        for line in difflib.unified_diff(docs, play, "docs/schema.md", "examples/playground_schema.hpp", lineterm=""):
            print(line)
        return 1
    print(f"examples/playground_schema.hpp: the example schema of docs/schema.md ({len(docs)} lines)")
    return 0


def main(argv):
    if len(argv) < 3:
        print(__doc__)
        return 2
    command, root = argv[1], os.path.abspath(argv[2])
    try:
        if command == "check-playground":
            return check_playground(root)
        if command == "generate":
            out = argv[3]
            os.makedirs(out, exist_ok=True)
            write_example_schema(root, out)
            total = {"blocks": 0, "skipped": 0}
            for p in pages(root):
                counts = generate_page(Page(root, p), out)
                for k in total:
                    total[k] += counts[k]
            print(f"doc snippets: {total['blocks']} C++ blocks, {total['skipped']} marked no-compile")
            return 0
    except DocError as e:
        print(f"error: {e}", file=sys.stderr)
        return 1
    print(__doc__)
    return 2


if __name__ == "__main__":
    sys.exit(main(sys.argv))
