#!/usr/bin/env python3
"""Records what a program writes to its terminal, for the decoder's oracle tests.

Runs the program in a pseudo terminal of 80x24 with TERM=linux (the terminfo entry the terminal
implements), types the scripted keys with pauses, and stores the raw output bytes as NAME.vt.
Before each key it notes the output length in NAME.vt.checkpoints, so the tests compare the
screen at every step, not only at the end.

usage: record.py NAME          (NAME from the table below; 'all' records every one)
The program must be installed (tool/setup/install-deps.sh installs vttest, dialog, whiptail).
"""
import os, pty, select, signal, struct, sys, time, fcntl, termios

COLS, ROWS = 80, 24

# name: (command, [(seconds to wait before, keys)...])
RET = b"\r"
DA = (0.5, b"\x1b[?6c")  # vttest asks for device attributes first; this is a VT102's answer
RECORDINGS = {
    "ls-color": (["sh", "-c", "ls --color=always -F /usr/lib/x86_64-linux-gnu | head -60; ls --color=always -l /etc | tail -20"], []),
    "top": (["top", "-d", "0.3"], [(1.5, b"q")]),
    "watch": (["watch", "-n", "0.2", "ls -l --color=always /etc | head -30"], [(1.5, b"\x03")]),
    "dialog-msgbox": (["dialog", "--title", "Terminal", "--msgbox", "Frame skipping: only the final state of a burst reaches the screen.", "10", "50"], [(0.8, RET)]),
    "dialog-checklist": (["dialog", "--checklist", "Pick decoders", "15", "50", "5", "vt102", "DEC VT102", "on", "linux", "Linux console", "off", "xterm", "xterm", "off"], [(0.8, b"\x1b[B"), (0.4, b" "), (0.4, b"\x1b[B"), (0.4, b" "), (0.4, RET)]),
    "whiptail-yesno": (["whiptail", "--title", "Genode", "--yesno", "Scroll the large text?", "8", "40"], [(0.8, b"\t"), (0.4, RET)]),
    "vim": (["vim", "-u", "NONE", "-N", "-i", "NONE", "-c", "set nu hlsearch", "/etc/services"],
            [(0.8, b"/tcp\r"), (0.4, b"\x04"), (0.4, b"\x04"), (0.4, b"Go"), (0.3, b"new line \xc3\xa4\xc3\xb6\xc3\xbc \xe2\x82\xac\x1b"), (0.4, b"gg"), (0.4, b"dd"), (0.4, b"3Jx"), (0.4, b":q!\r")]),
    "less": (["less", "-R", "/etc/services"], [(0.8, b" "), (0.4, b" "), (0.4, b"/udp\r"), (0.4, b"b"), (0.4, b"G"), (0.4, b"q")]),
    # vttest: menu 1 (cursor movements), 2 (screen features), 3 (character sets), 8 (VT102
    # insert/delete), each screen acknowledged with Return, then 0 to leave.
    "vttest-1-cursor": (["vttest"], [DA, (0.8, b"1\r")] + [(0.5, RET)] * 6 + [(0.5, b"0\r")]),
    "vttest-2-screen": (["vttest"], [DA, (0.8, b"2\r")] + [(0.5, RET)] * 15 + [(0.5, b"0\r")]),
    "vttest-3-charsets": (["vttest"], [DA, (0.8, b"3\r"), (0.5, b"10\r"), (0.5, RET), (0.5, b"0\r"), (0.5, b"0\r")]),
    "vttest-8-vt102": (["vttest"], [DA, (0.8, b"8\r"), (0.5, b"1\r")] + [(0.5, RET)] * 14 + [(0.5, b"0\r"), (0.5, b"0\r")]),
}


def record(name):
    command, keys = RECORDINGS[name]
    env = {"TERM": "linux", "LANG": "C.UTF-8", "LC_ALL": "C.UTF-8", "HOME": "/tmp/record-home",
           "PATH": "/usr/local/bin:/usr/bin:/bin", "COLUMNS": str(COLS), "LINES": str(ROWS)}
    os.makedirs(env["HOME"], exist_ok=True)
    pid, fd = pty.fork()
    if pid == 0:
        fcntl.ioctl(0, termios.TIOCSWINSZ, struct.pack("HHHH", ROWS, COLS, 0, 0))
        os.execvpe(command[0], command, env)
    fcntl.ioctl(fd, termios.TIOCSWINSZ, struct.pack("HHHH", ROWS, COLS, 0, 0))
    out = bytearray()
    checkpoints = []

    def drain(seconds):
        end = time.time() + seconds
        while True:
            left = end - time.time()
            if left <= 0:
                return True
            r, _, _ = select.select([fd], [], [], left)
            if r:
                try:
                    data = os.read(fd, 65536)
                except OSError:
                    return False
                if not data:
                    return False
                out.extend(data)

    for wait, key in keys:
        if not drain(wait):
            break
        checkpoints.append(len(out))
        os.write(fd, key)
    drain(1.0)
    try:
        os.kill(pid, signal.SIGKILL)
    except ProcessLookupError:
        pass
    os.waitpid(pid, 0)
    here = os.path.dirname(os.path.abspath(__file__))
    with open(os.path.join(here, name + ".vt"), "wb") as f:
        f.write(out)
    with open(os.path.join(here, name + ".vt.checkpoints"), "w") as f:
        f.write("".join(f"{c}\n" for c in checkpoints))
    print(f"{name}: {len(out)} bytes, {len(checkpoints)} checkpoints")


if __name__ == "__main__":
    names = list(RECORDINGS) if sys.argv[1:] == ["all"] else sys.argv[1:]
    for n in names:
        record(n)
