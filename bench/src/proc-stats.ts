// Memory and CPU time of a server process and its descendants, read from /proc (Linux). The tree
// is summed so that a server which forks (Prism with --multiprocess) is measured whole.
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';

export interface MemoryKiB {
  /** Resident set size now (VmRSS). */
  rss: number;
  /** Peak resident set size over the process's life (VmHWM). */
  hwm: number;
}

let clockTicks: number | undefined;
/** Clock ticks per second of /proc/<pid>/stat times (CLK_TCK, almost always 100). */
function ticksPerSecond(): number {
  if (clockTicks === undefined) {
    try {
      clockTicks = Number(execFileSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).trim()) || 100;
    } catch {
      clockTicks = 100;
    }
  }
  return clockTicks;
}

/** The pid and every descendant still running. */
export function processTree(pid: number): number[] {
  const out: number[] = [];
  const visit = (p: number) => {
    out.push(p);
    let tasks: string[] = [];
    try {
      tasks = readFileSync(`/proc/${p}/task/${p}/children`, 'utf8').trim().split(/\s+/).filter(Boolean);
    } catch {
      return;
    }
    for (const child of tasks) visit(Number(child));
  };
  visit(pid);
  return out;
}

function statusKiB(pid: number, field: 'VmRSS' | 'VmHWM'): number {
  try {
    const match = new RegExp(`^${field}:\\s+(\\d+) kB`, 'm').exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
    return match ? Number(match[1]) : 0;
  } catch {
    return 0; // the process has gone
  }
}

/** RSS and peak RSS of the process tree, in KiB (0 when the process does not exist). */
export function memoryOf(pid: number): MemoryKiB {
  let rss = 0;
  let hwm = 0;
  for (const p of processTree(pid)) {
    rss += statusKiB(p, 'VmRSS');
    hwm += statusKiB(p, 'VmHWM');
  }
  return { rss, hwm };
}

export interface CpuMs {
  /** Time running the process's own code (JavaScript, native modules), ms. */
  user: number;
  /** Time in the kernel on its behalf (socket writes and reads, file I/O), ms. */
  system: number;
}

/** CPU time the process tree has used so far, user and system apart, in ms. */
export function cpuMsOf(pid: number): CpuMs {
  let user = 0;
  let system = 0;
  for (const p of processTree(pid)) {
    try {
      // Fields after the parenthesised command name: state is field 3, utime 14, stime 15.
      const stat = readFileSync(`/proc/${p}/stat`, 'utf8');
      const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      user += Number(fields[11]);
      system += Number(fields[12]);
    } catch {
      // gone
    }
  }
  const ms = 1000 / ticksPerSecond();
  return { user: user * ms, system: system * ms };
}
