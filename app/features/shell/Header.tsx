import { useEffect } from 'react';
import { useLabStore } from '../../store';
import { CommandButton } from '../commands/CommandButton';
import { ThemeSwitch } from './ThemeSwitch';

export function Header() {
  const presentation = useLabStore((state) => state.presentation);
  useEffect(() => {
    document.documentElement.toggleAttribute('data-presentation', presentation);
  }, [presentation]);
  return (
    <header className="app-header">
      <div>
        <h1>Hyperlab</h1>
        <p className="tagline">
          A virtualization lab in your browser: real RISC-V servers, emulated instruction by
          instruction. Type into a console and watch what the CPU does.
        </p>
      </div>
      <div className="header-tools">
        <CommandButton id="presentation" pressed={presentation} />
        <ThemeSwitch />
        <CommandButton id="shortcuts" />
      </div>
    </header>
  );
}
