import { ThemeSwitch } from './ThemeSwitch';

export function Header() {
  return (
    <header className="app-header">
      <div>
        <h1>Hyperlab</h1>
        <p className="tagline">
          A virtualization lab in your browser: real RISC-V servers, emulated instruction by
          instruction. Type into a console and watch what the CPU does.
        </p>
      </div>
      <ThemeSwitch />
    </header>
  );
}
