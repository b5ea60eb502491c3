/** Removals, which report what went (with an Undo) or why they were refused. */
import { useLabStore } from '../../store';

export function removeServer(name: string): void {
  const { lab, removeServer: remove, showNotice } = useLabStore.getState();
  const guests = lab.guests.filter((g) => g.server === name).length;
  const issues = remove(name);
  if (issues.length > 0) {
    showNotice({ tone: 'danger', text: `Server ${name} was not removed.`, issues });
    return;
  }
  const also = guests ? ` and its ${guests === 1 ? 'guest' : `${guests} guests`}` : '';
  showNotice({ tone: 'info', text: `Removed server ${name}${also}.`, undo: lab });
}

export function removeGuest(index: number): void {
  const { lab, removeGuest: remove, showNotice } = useLabStore.getState();
  const name = lab.guests[index]?.name;
  const issues = remove(index);
  if (issues.length > 0)
    showNotice({ tone: 'danger', text: `Guest ${name} was not removed.`, issues });
  else showNotice({ tone: 'info', text: `Removed guest ${name}.`, undo: lab });
}
