"""No process the supervisor starts may outlive it, even when it is killed outright."""

import os
import signal
import subprocess
import sys
import textwrap
import time

import psutil

SUPERVISOR = textwrap.dedent(
    """
    import sys, time
    from contactpoint.embedded import processes
    child = processes.spawn([sys.executable, "-c", "import time; time.sleep(120)"])
    print(child.pid, flush=True)
    time.sleep(120)
    """
)


def wait_for_exit(pid: int, timeout: float = 10) -> bool:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if not psutil.pid_exists(pid) or psutil.Process(pid).status() == psutil.STATUS_ZOMBIE:
            return True
        time.sleep(0.1)
    return False


def test_a_child_dies_with_a_killed_supervisor():
    supervisor = subprocess.Popen(
        [sys.executable, "-c", SUPERVISOR], stdout=subprocess.PIPE, text=True
    )
    child_pid = int(supervisor.stdout.readline())
    assert psutil.pid_exists(child_pid)
    supervisor.send_signal(signal.SIGKILL)
    supervisor.wait()
    assert wait_for_exit(child_pid)


def test_stop_ends_the_whole_process_group():
    from contactpoint.embedded import processes

    parent = processes.spawn(
        [
            sys.executable,
            "-c",
            "import subprocess, sys, time; subprocess.Popen([sys.executable, '-c', 'import time; time.sleep(120)']);"
            " time.sleep(120)",
        ]
    )
    deadline = time.monotonic() + 10
    while not psutil.Process(parent.pid).children():
        assert time.monotonic() < deadline
        time.sleep(0.05)
    grandchild = psutil.Process(parent.pid).children()[0].pid
    processes.stop(parent)
    assert wait_for_exit(grandchild)
    assert os.getpgid(os.getpid()) != parent.pid
