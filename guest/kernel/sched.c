// Weighted fair scheduling in two levels: the host's processes form one group
// and each container another; the runnable group that has used the least
// weighted CPU time runs, and inside it the process that has.  nice sets a
// process's weight inside its group (Linux's factor of 1.25 a step), a
// container's --cpus its group's weight, --cpu-quota caps its group's share.
// Time is charged in timer ticks, to the process running when one arrives.
#include "defs.h"
#include "proc.h"
#include "container.h"

#define NICE0_WEIGHT 1024
#define HOST_WEIGHT 100

static struct schedgroup host_group = { .weight = HOST_WEIGHT };
static uint64 group_floor;  // vruntime floor of the groups
static struct proc *last_picked = &procs[NPROC - 1];

struct schedgroup *sched_group(struct proc *p) {
  return p->ctr ? &p->ctr->sg : &host_group;
}

// 1024 at nice 0, divided by 1.25 for every step up, multiplied down.
static uint32 nice_weight(int nice) {
  uint32 w = NICE0_WEIGHT << 8;   // 8 fraction bits keep nice 19 above 1
  for (int n = nice; n > 0; n--)
    w = w * 4 / 5;
  for (int n = nice; n < 0; n++)
    w = w / 4 * 5;
  return w >> 8 ? w >> 8 : 1;
}

// A group or process that was not runnable (asleep, throttled, new) comes
// back at the floor, so time it did not want is not saved up to later
// starve the others.
static uint64 clamp(uint64 *v, uint64 floor) {
  if (*v < floor)
    *v = floor;
  return *v;
}

// The next process to run, or NULL: one pass over the table, from the slot
// after the last pick, comparing (group vruntime, process vruntime); equal
// keys go round-robin.  Walking by pointer keeps the empty slots cheap: this
// runs on every context switch.
struct proc *sched_pick(void) {
  struct proc *best = NULL, *p = last_picked;
  uint64 bg = 0, bp = 0;
  for (int k = 0; k < NPROC; k++) {
    if (++p == &procs[NPROC])
      p = procs;
    if (p->state != RUNNABLE)
      continue;
    if (p->sigpend & (1u << SIGKILL))
      return p;   // killed: it dies as soon as it runs, whatever its share or quota
    struct schedgroup *g = sched_group(p);
    if (g->quota && g->budget <= 0)
      continue;   // over its quota until the period ends
    uint64 gv = clamp(&g->vruntime, group_floor), pv = clamp(&p->vruntime, g->floor);
    if (best == NULL || gv < bg || (gv == bg && pv < bp)) {
      best = p;
      bg = gv;
      bp = pv;
    }
  }
  if (best) {
    last_picked = best;
    group_floor = bg;
    sched_group(best)->floor = bp;
  }
  return best;
}

// Refills every quota at the start of a period; what a group overdrew (it
// ran to the tick that emptied its budget) is taken from the new one.
static void quota_period(void) {
  for (struct container *c = containers; c < &containers[CTR_MAX]; c++) {
    struct schedgroup *g = &c->sg;
    if (c->used && g->quota)
      g->budget = (g->budget < 0 ? g->budget : 0) + (int32)(g->quota * QUOTA_PERIOD);
  }
}

// Called on every timer tick, before the running process (if any) yields.
void sched_tick(void) {
  if (ticks % QUOTA_PERIOD == 0)
    quota_period();
  struct proc *p = curproc;
  if (p == NULL)
    return;
  struct schedgroup *g = sched_group(p);
  p->vruntime += (uint64)NICE0_WEIGHT * NICE0_WEIGHT / nice_weight(p->nice);
  g->vruntime += (uint64)NICE0_WEIGHT * HOST_WEIGHT / g->weight;
  if (g->quota)
    g->budget -= 100;   // a tick is 100 % of the CPU for one tick
  if (p->ctr)
    p->ctr->ticks++;
}

static struct proc *prio_target(int which, int who) {
  if (which != PRIO_PROCESS)
    return NULL;
  return who == 0 ? curproc : ns_find(curproc, who);
}

// setpriority(PRIO_PROCESS, who, nice): who 0 is the caller; nice is
// clamped to -20..19 as Linux does.
long sys_setpriority(void) {
  int which = argraw(0), who = argraw(1), nice = argraw(2);
  if (which != PRIO_PROCESS)
    return -EINVAL;
  struct proc *p = prio_target(which, who);
  if (p == NULL)
    return -ESRCH;
  p->nice = nice < -20 ? -20 : nice > 19 ? 19 : nice;
  return 0;
}

// getpriority returns 20 - nice (1..40), the raw Linux convention.
long sys_getpriority(void) {
  int which = argraw(0), who = argraw(1);
  if (which != PRIO_PROCESS)
    return -EINVAL;
  struct proc *p = prio_target(which, who);
  return p ? 20 - p->nice : -ESRCH;
}
