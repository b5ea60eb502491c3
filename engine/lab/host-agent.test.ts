import { describe, expect, it } from 'vitest';
import { HostAgent, type AgentEvent, type AgentReply } from './host-agent';

function agentWithWire() {
  const sent: string[] = [];
  const events: AgentEvent[] = [];
  const agent = new HostAgent(
    (bytes) => sent.push(String.fromCharCode(...bytes)),
    (event) => events.push(event),
  );
  const print = (text: string) => {
    for (let i = 0; i < text.length; i++) agent.receive(text.charCodeAt(i));
  };
  return { agent, sent, events, print };
}

describe('the host agent client', () => {
  it('sends queued requests as JSON lines on flush, the next once the last is answered', () => {
    const { agent, sent, print } = agentWithWire();
    agent.request('create', { kind: 'kvm', name: 'vm1', memoryMiB: 16, console: 2 }, () => {});
    agent.request('list', {}, () => {});
    expect(sent).toEqual([]);
    expect(agent.pending).toBe(2);
    agent.flush();
    agent.flush();
    expect(sent).toEqual([
      '{"id":1,"op":"create","kind":"kvm","name":"vm1","memoryMiB":16,"console":2}\n',
    ]);
    print('{"id":1,"ok":true}\n');
    agent.flush();
    expect(sent).toEqual([sent[0], '{"id":2,"op":"list"}\n']);
  });

  it('hands each reply to its request, as the port prints it (CR LF and all)', () => {
    const { agent, print } = agentWithWire();
    const replies: AgentReply[] = [];
    agent.request('start', { name: 'vm1' }, (r) => replies.push(r));
    agent.request('stop', { name: 'nope' }, (r) => replies.push(r));
    agent.flush();
    print('{"id":2,"ok":false,"error":"no guest \\"nope\\""}\r\n{"id":1,"ok":tr');
    print('ue,"pid":5}\r\n');
    expect(replies).toEqual([
      { id: 2, ok: false, error: 'no guest "nope"' },
      { id: 1, ok: true, pid: 5, error: undefined },
    ]);
    expect(agent.pending).toBe(0);
  });

  it('reports events and keeps lines that are not the protocol apart', () => {
    const { agent, events, print } = agentWithWire();
    expect(agent.ready).toBe(false);
    print('{"event":"ready"}\r\nagentd: hello\r\n{"event":"exited","name":"vm2","status":137}\n');
    expect(agent.ready).toBe(true);
    expect(events).toEqual([{ event: 'ready' }, { event: 'exited', name: 'vm2', status: 137 }]);
    expect(agent.noise).toEqual(['agentd: hello']);
  });

  it('escapes what is not ASCII, since the port carries bytes', () => {
    const { agent, sent } = agentWithWire();
    agent.request('create', { name: 'café' }, () => {});
    agent.flush();
    expect(sent[0]).toBe('{"id":1,"op":"create","name":"caf\\u00e9"}\n');
  });
});
