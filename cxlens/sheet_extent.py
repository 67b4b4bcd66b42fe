"""The grid a worksheet's values span, measured from its XML as it is inflated, before the workbook
parser allocates that grid (cxlens.safety decides what is too large; see MAX_SHEET_CELLS there).

Vectorised with numpy over blocks of the sheet's XML, on worker threads for large sheets.
"""

from __future__ import annotations

import ctypes
import posixpath
import re
import zipfile
from collections import deque
from concurrent.futures import ThreadPoolExecutor

import numpy as np

_SHEET_TYPE = re.compile(r"/(work|chart|dialog|macro|xlMacro|xlIntlMacro)sheet$", re.IGNORECASE)


def worksheet_members(archive: zipfile.ZipFile) -> set[str]:
    """Members the workbook parser reads as sheets: the workbook's sheet relationships, and xl/worksheets/*."""
    names = set(archive.namelist())
    out = {n for n in names if n.startswith("xl/worksheets/") and n.endswith(".xml")}
    if "xl/_rels/workbook.xml.rels" in names:
        try:
            rels = archive.read("xl/_rels/workbook.xml.rels").decode("utf-8", "replace")
        except Exception:  # damaged: the verification of that member reports it
            return out
        for tag in re.findall(r"<(?:\w+:)?Relationship\b[^>]*>", rels):
            kind = re.search(r'\bType="([^"]*)"', tag)
            target = re.search(r'\bTarget="([^"]*)"', tag)
            if kind and target and _SHEET_TYPE.search(kind.group(1)):
                path = target.group(1)
                path = path.lstrip("/") if path.startswith("/") else posixpath.normpath(posixpath.join("xl", path))
                out.add(path)
    return out & names


class SheetExtent:
    """The grid a sheet's values span, measured from its XML as it is inflated.

    Only cells with a value count (the parser ignores formatted empty cells, written
    ``<c r="X9" s="1"/>``). Cells without an ``r`` reference (optional in the format)
    are placed after the previous cell of their row, in a row numbered by its own
    ``r`` or after the previous row: for those the bound is the farthest reference
    plus the most such cells in one row (columns) or the number of rows (rows).
    References are read as the parser reads them: either quote, spaces around '=',
    any attribute order, lower-case column letters, leading zeros.

    Vectorised with numpy over blocks cut at row boundaries. The common case (every
    cell written ``<c r="..." ...>...</c>``, as Excel and the usual libraries do) is
    confirmed by counting and takes a fast path that never lists every tag.
    """

    BLOCK = 2 * 1024 * 1024  # small blocks keep the threads' temporaries small (~4 MB per MB scanned)
    OVERLAP = 1024  # a start tag cut by a block boundary is re-read whole from the next block
    PAD = 128  # bytes past the last one scanned that lookups may touch

    def __init__(self) -> None:
        self.max_row = self.max_col = self.max_row_element = 0
        #: smallest row holding a value with a reference: where the parser's grid (and so its header row 0) starts
        self.min_row: int | None = None
        self.min_col: int | None = None  # smallest column (1 = A) holding a value with a reference
        #: cells holding an Excel error value (t="e": #DIV/0!, #N/A...), which the parser turns into blanks
        self.error_cells = 0
        self.values = self.implicit = 0
        self.rows_seen = 0
        self.implicit_per_row = 0  # most cells without a reference in one row
        self._open_row_implicit = 0  # such cells in the row still open at the end of the last block
        self.giant_tag = False
        self.unparsed = False  # an attribute in a cell tag that could not be read safely
        self._pending: list[bytes] = []
        self._size = 0
        self._carry = b""
        # Blocks are scanned on worker threads (numpy releases the GIL) while the caller inflates
        # the next ones; results are applied in block order, so the outcome is the sequential one.
        self._pool = None
        self._in_flight: deque = deque()

    def parallel(self, workers: int) -> None:
        """Scan blocks on ``workers`` threads from now on (worth it for sheets of many blocks)."""
        if workers >= 1 and self._pool is None:
            self._workers = workers
            self._pool = ThreadPoolExecutor(max_workers=workers, thread_name_prefix="cxlens-extent")

    def feed(self, data: bytes) -> None:
        self._pending.append(data)
        self._size += len(data)
        if self._size >= self.BLOCK:
            self._flush(final=False)

    def _flush(self, final: bool) -> None:
        buf = self._carry + b"".join(self._pending)
        self._pending, self._size = [], 0
        if not buf:
            return
        # Scan what starts before `cut`; keep the rest for the next block. Cutting before a
        # '<row' keeps every cell whole in one block; failing that, before any tag.
        if final:
            cut = len(buf)
            buf += b" " * self.PAD
        else:
            limit = len(buf) - self.OVERLAP
            cut = buf.rfind(b"<row", 0, limit)
            if cut <= 0:
                cut = buf.rfind(b"<", 0, limit)
            if cut <= 0:
                # No tag starts in this block (a long text run): cut anywhere, never carrying the whole
                # block again (that would be quadratic). A start tag this long is not a spreadsheet's.
                if buf.startswith(b"<") and b">" not in buf[:limit]:
                    self.giant_tag = True
                cut = limit
        self._carry = buf[cut:len(buf) - (self.PAD if final else 0)]
        if self._pool is None:
            self._apply(_scan_block(buf, cut))
            return
        self._in_flight.append(self._pool.submit(_scan_block, buf, cut))
        while len(self._in_flight) > self._workers:  # bounds memory: one block waiting per worker
            self._apply(self._in_flight.popleft().result())

    def _drain(self) -> None:
        try:
            while self._in_flight:
                self._apply(self._in_flight.popleft().result())
        finally:
            if self._pool is not None:
                self._pool.shutdown(wait=True, cancel_futures=True)
                self._pool = None
                _return_freed_memory()

    def _apply(self, scanned: tuple) -> None:
        """Fold one block's scan into the totals, in block order."""
        fast, a, n, attrs = scanned
        if fast is None:
            self._scan(a, n, attrs)
            return
        if fast is True:  # an empty block
            return
        values, rows_seen, max_row, max_col, max_row_element, min_row, min_col, errors = fast
        self.values += values
        self.rows_seen += rows_seen
        self.error_cells += errors
        self._open_row_implicit = 0
        self._add(max_row, max_col)
        self._add_min(min_row, min_col)
        self.max_row_element = max(self.max_row_element, max_row_element)

    def _add(self, row: int, col: int) -> None:
        self.max_row, self.max_col = max(self.max_row, row), max(self.max_col, col)

    def _add_min(self, row: int | None, col: int | None) -> None:
        if row is not None:
            self.min_row = row if self.min_row is None else min(self.min_row, row)
        if col is not None:
            self.min_col = col if self.min_col is None else min(self.min_col, col)

    @property
    def first_row(self) -> int | None:
        """1-based sheet row of the parser's first grid row, or None when cells without a reference make it unsure."""
        return None if self.implicit else self.min_row

    @property
    def first_col(self) -> int | None:
        """1-based sheet column (A = 1) of the parser's first grid column, or None when unsure."""
        return None if self.implicit else self.min_col

    def _scan(self, a: np.ndarray, n: int, attrs) -> None:
        if n <= 0:
            return
        values, tag, unresolved, errors = attrs
        self.error_cells += errors
        # Every tag start '<' before n, and what kind of tag each one is (by the characters after it).
        lt = np.flatnonzero(a[:n] == 60)
        c1, c2 = a[lt + 1], a[lt + 2]
        is_cell = (c1 == 99) & ((c2 <= 32) | (c2 == 62) | (c2 == 47))  # '<c ', '<c>', '<c/'
        c4 = a[lt + 4]
        is_row = (c1 == 114) & (c2 == 111) & (a[lt + 3] == 119) & ((c4 <= 32) | (c4 == 62))  # '<row'
        # A cell holds a value when the next tag is its <v>, <f> or <is> child ('<c .../>' has none).
        following = np.append(c1[1:], 118)  # past the block's last tag: assume a value (safe side)
        valued = is_cell & ((following == 118) | (following == 102) | (following == 105))
        # The tag each r attribute sits in (text content may hold look-alikes: their tag is not a cell).
        owner = np.searchsorted(lt, values, side="right") - 1
        known = owner >= 0
        values, owner = values[known], owner[known]
        if unresolved.any():
            around = np.searchsorted(lt, unresolved, side="right") - 1
            if (is_cell[around[around >= 0]]).any():
                self.unparsed = True
        mine = valued[owner]
        with_ref = np.zeros(len(lt), dtype=bool)
        with_ref[owner[mine]] = True
        self.values += int(valued.sum())
        implicit = valued & ~with_ref
        self.implicit += int(implicit.sum())
        self.rows_seen += int(is_row.sum())
        if implicit.any() or self._open_row_implicit:
            # cells without a reference per row: segment k holds the cells after the k-th row start in this block
            segment = np.cumsum(is_row)[implicit]
            counts = np.bincount(segment, minlength=int(is_row.sum()) + 1)
            counts[0] += self._open_row_implicit  # the row continued from the previous block
            self.implicit_per_row = max(self.implicit_per_row, int(counts.max()))
            self._open_row_implicit = int(counts[-1])
        max_row, max_col, min_row, min_col = _ref_bounds(a, values[mine])
        self._add(max_row, max_col)
        self._add_min(min_row, min_col)
        # Row elements' references (they matter only for cells without their own, see grid()).
        self.max_row_element = max(self.max_row_element, _max_ref(a, values[is_row[owner]])[0])

    def finish(self) -> None:
        """Scan what is still pending (call once the sheet is fully fed)."""
        try:
            self._flush(final=True)
        finally:
            self._drain()

    def grid(self) -> tuple[int, int]:
        """(rows, columns) of the grid the parser will allocate for the sheet."""
        rows, cols = self.max_row, self.max_col
        if self.implicit:  # cells placed by order: see the class docstring
            rows = max(rows, self.max_row_element) + self.rows_seen
            cols = cols + self.implicit_per_row
        return rows, cols

    @property
    def damaged(self) -> bool:
        """A start tag too long for a spreadsheet, or a cell attribute that could not be read safely."""
        return self.giant_tag or self.unparsed


def _return_freed_memory() -> None:
    """Hand memory freed by the scan threads back to the operating system.

    glibc keeps what a thread frees in that thread's arena; without this the ~30 MB the scan
    threads used stays resident while the workbook parser, which runs next, reaches its own peak.
    """
    try:
        ctypes.CDLL(None).malloc_trim(0)
    except (OSError, AttributeError, TypeError):  # not glibc (macOS, musl, Windows): nothing to do
        pass


def _scan_block(buf: bytes, n: int) -> tuple:
    """Scan the start tags that begin before ``n`` in one block (runs on a worker thread).

    Returns (fast, a, n, attrs): ``fast`` is the block's summary when the common case holds
    (see :func:`_fast_summary`; then ``a`` and ``attrs`` are dropped), else None and the block
    is left to :meth:`SheetExtent._scan`, which needs the state of the blocks before it.
    """
    a = np.frombuffer(buf, dtype=np.uint8)
    if n <= 0:
        return True, None, n, None
    attrs = _r_attributes(a, n)
    fast = _fast_summary(a, n, attrs)
    return (fast, None, n, None) if fast is not None else (None, a, n, attrs)


def _fast_summary(a: np.ndarray, n: int, attrs) -> tuple | bool | None:
    """(values, rows, max row, max column, max row-element reference, min row, min column, error cells)
    in the common case, else None.

    Common: every cell start tag begins ``<c r=`` and is closed by ``</c>`` (so none is
    an empty ``<c .../>``), and every ``r`` attribute is a cell's or a row's.
    """
    if n < 8:
        return None
    values, tag, unresolved, errors = attrs
    if unresolved.any():
        return None
    lt = np.flatnonzero(a[:n] == 60)
    c1, c2, c3 = a[lt + 1], a[lt + 2], a[lt + 3]
    cell_starts = int(np.count_nonzero((c1 == 99) & ((c2 <= 32) | (c2 == 62) | (c2 == 47))))
    cell_ends = int(np.count_nonzero((c1 == 47) & (c2 == 99) & (c3 == 62)))
    is_cell = (a[tag] == 99) & (a[tag - 1] == 60)  # '<c' right before 'r' (and spaces)
    is_row = (a[tag] == 119) & (a[tag - 1] == 111) & (a[tag - 2] == 114) & (a[tag - 3] == 60)  # '<row'
    if cell_starts != cell_ends or int(is_cell.sum()) != cell_starts or not (is_cell | is_row).all():
        return None
    c4 = a[lt + 4]
    rows_seen = int(np.count_nonzero((c1 == 114) & (c2 == 111) & (c3 == 119) & ((c4 <= 32) | (c4 == 62))))
    max_row, max_col, min_row, min_col = _ref_bounds(a, values[is_cell])
    return cell_starts, rows_seen, max_row, max_col, _max_ref(a, values[is_row])[0], min_row, min_col, errors


_BEYOND = 1 << 40  # decoded from a reference no spreadsheet can have: refused by every limit
_SKIP = 64  # longest run of spaces skipped around '=' (longer ones in a cell tag are refused)


def _r_attributes(a: np.ndarray, n: int) -> tuple[np.ndarray, np.ndarray, np.ndarray, int]:
    """``r`` attributes whose '=' lies before ``n``: (value starts, tag-name end, unresolved '=', error cells).

    The last is the number of ``t="e"`` attributes (a cell holding an Excel error value).

    Reads ``r="A1"``, ``r='A1'`` and ``r = "A1"``. The tag-name end is the position of
    the last character of the element name before the attribute's leading spaces when
    ``r`` is the first attribute ('c' of '<c r=...'), else some other character. An '='
    with more than _SKIP spaces on either side is returned as unresolved.
    """
    eq = np.flatnonzero(a[:n] == 61)
    eq = eq[eq >= 2]
    name = _skip_spaces(a, eq - 1, -1)
    value = _skip_spaces(a, eq + 1, +1)
    unresolved = eq[(a[name] <= 32) | (a[value] <= 32)]
    quote = a[value]
    is_r = (a[name] == 114) & (a[name - 1] <= 32) & ((quote == 34) | (quote == 39))
    tag = _skip_spaces(a, name[is_r] - 1, -1)
    named_t = np.flatnonzero(a[name] == 116)  # few: only cells carry a t attribute
    t_name, t_value, t_quote = name[named_t], value[named_t], quote[named_t]
    errors = int(np.count_nonzero((a[t_name - 1] <= 32) & ((t_quote == 34) | (t_quote == 39))
                                  & (a[t_value + 1] == 101) & (a[t_value + 2] == t_quote)))  # t="e"
    return value[is_r] + 1, tag, unresolved, errors


def _skip_spaces(a: np.ndarray, pos: np.ndarray, step: int) -> np.ndarray:
    pos = pos.copy()
    pending = np.flatnonzero(a[pos] <= 32)
    for _ in range(_SKIP):
        if not len(pending):
            break
        pos[pending] = np.maximum(pos[pending] + step, 1)  # never before the block (position 0 is a '<')
        pending = pending[a[pos[pending]] <= 32]
    return pos


def _max_ref(a: np.ndarray, starts: np.ndarray) -> tuple[int, int]:
    """Largest row and largest column among the cell references ('AB12') starting at ``starts``."""
    return _ref_bounds(a, starts)[:2]


def _ref_bounds(a: np.ndarray, starts: np.ndarray) -> tuple[int, int, int | None, int | None]:
    """Largest row, largest column, smallest row and smallest column among the cell references ('AB12') at ``starts``.

    Only the extremes are needed, so no reference is decoded in full: the longest (shortest)
    runs of letters or digits, leading zeros aside, are narrowed down one character at a time.
    Letters may be lower case, as the parser accepts. More than 3 letters or 8 digits
    is beyond any spreadsheet and reported as a huge number. ``a`` must extend at least
    32 bytes past every start. The smallest row (column) is None when no reference has digits (letters).
    """
    if not len(starts):
        return 0, 0, None, None
    letters = _run_length(a, starts, 4, lambda ch: ((ch | np.uint8(32)) - np.uint8(97)) < 26)  # A-Z, a-z
    first_digit = starts + letters
    significant = first_digit + _run_length(a, first_digit, 16, lambda ch: ch == 48)  # leading zeros
    digits = _run_length(a, significant, 9, lambda ch: (ch - np.uint8(48)) < 10)
    max_row = _largest(a, significant, digits, 8, 10, 48, 0)
    max_col = _largest(a, starts, letters, 3, 26, 96, 32)
    return max_row, max_col, _smallest(a, significant, digits, 10, 48, 0), _smallest(a, starts, letters, 26, 96, 32)


def _smallest(a: np.ndarray, starts: np.ndarray, lengths: np.ndarray, base: int, zero: int, fold: int) -> int | None:
    """The smallest number written at ``starts`` with ``lengths`` (> 0) characters; None if every length is 0."""
    written = lengths > 0
    if not written.any():
        return None
    starts, lengths = starts[written], lengths[written]
    width = int(lengths.min())
    return _decode_extreme(a, starts[lengths == width], width, base, zero, fold, np.min)


def _run_length(a: np.ndarray, starts: np.ndarray, longest: int, test) -> np.ndarray:
    """How many characters from each start pass ``test`` (at most ``longest``), looking only where runs go on."""
    length = np.zeros(len(starts), dtype=np.int64)
    running = np.arange(len(starts))
    for k in range(longest):
        running = running[test(a[starts[running] + k])]
        if not len(running):
            break
        length[running] += 1
    return length


def _largest(a: np.ndarray, starts: np.ndarray, lengths: np.ndarray, longest: int, base: int, zero: int,
             fold: int) -> int:
    """The largest number written at ``starts`` with ``lengths`` characters (digits or letters)."""
    width = int(lengths.max())
    if width > longest:
        return _BEYOND
    return _decode_extreme(a, starts[lengths == width], width, base, zero, fold, np.max)


def _decode_extreme(a: np.ndarray, candidates: np.ndarray, width: int, base: int, zero: int, fold: int, pick) -> int:
    """Among numbers of one ``width`` at ``candidates``, the extreme one (``pick`` = np.max or np.min), decoded.

    With equal widths the extreme number has the extreme character at each position, so the
    candidates are narrowed one character at a time instead of decoding them all.
    """
    for k in range(width):
        chars = a[candidates + k] | np.uint8(fold)
        candidates = candidates[chars == pick(chars)]
    value = 0
    for ch in a[candidates[0] : candidates[0] + width]:
        value = value * base + (int(ch) | fold) - zero
    return value
