// The decoder's oracle: feeds byte streams to xterm.js (@xterm/headless) and prints the resulting
// screens as JSON, one object per stream, for the C# tests to compare cell by cell.
//
// usage: node xterm-oracle.cjs <node_modules dir> <columns> <lines> <stream file>...
// output: [{ "file", "screens": [{ "offset", "cursor": [x, y], "lines": [[[text, width, fg, bg, flags], ...], ...] }, ...] }, ...]
//   A stream with a file <stream>.checkpoints (one byte offset per line) gets a screen at each
//   offset and one at its end; other streams get the screen at the end.
//   fg/bg: "d" default, "p<n>" palette n, "r<rrggbb>" direct colour
//   flags: b bold, d dim, i italic, u underline, k blink, v inverse, h invisible, s strikethrough
'use strict';
const fs = require('fs');
const path = require('path');

const [modules, cols, rows, ...files] = process.argv.slice(2);
const { Terminal } = require(path.join(modules, '@xterm', 'headless'));

function color(cell, fg) {
  if (fg ? cell.isFgDefault() : cell.isBgDefault()) return 'd';
  const value = fg ? cell.getFgColor() : cell.getBgColor();
  if (fg ? cell.isFgPalette() : cell.isBgPalette()) return 'p' + value;
  return 'r' + value.toString(16).padStart(6, '0');
}

function flags(cell) {
  return (cell.isBold() ? 'b' : '') + (cell.isDim() ? 'd' : '') + (cell.isItalic() ? 'i' : '') +
    (cell.isUnderline() ? 'u' : '') + (cell.isBlink() ? 'k' : '') + (cell.isInverse() ? 'v' : '') +
    (cell.isInvisible() ? 'h' : '') + (cell.isStrikethrough() ? 's' : '');
}

function screen(term) {
  const buffer = term.buffer.active;
  const lines = [];
  const cell = buffer.getNullCell();
  for (let y = 0; y < term.rows; y++) {
    const line = buffer.getLine(buffer.baseY + y);
    const cells = [];
    for (let x = 0; x < term.cols; x++) {
      line.getCell(x, cell);
      cells.push([cell.getChars(), cell.getWidth(), color(cell, true), color(cell, false), flags(cell)]);
    }
    lines.push(cells);
  }
  return { cursor: [buffer.cursorX, buffer.cursorY], lines };
}

async function run() {
  const results = [];
  for (const file of files) {
    const term = new Terminal({ cols: Number(cols), rows: Number(rows), scrollback: 0, allowProposedApi: true });
    const data = new Uint8Array(fs.readFileSync(file));
    const marks = fs.existsSync(file + '.checkpoints')
      ? fs.readFileSync(file + '.checkpoints', 'utf8').split('\n').filter(s => s.length > 0).map(Number)
      : [];
    marks.push(data.length);
    const screens = [];
    let at = 0;
    for (const mark of marks) {
      await new Promise(resolve => term.write(data.subarray(at, mark), resolve));
      at = mark;
      screens.push({ offset: mark, ...screen(term) });
    }
    results.push({ file, screens });
    term.dispose();
  }
  process.stdout.write(JSON.stringify(results));
}

run().catch(e => { console.error(e); process.exit(1); });
