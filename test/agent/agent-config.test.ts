import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { loadAgentConfig, toServerSpec } from '../../src/agent/agent-config.js';
import { planExec } from '../../src/agent/server-process.js';

const KEY = 'mc_server_' + 'a'.repeat(32);
const dir = mkdtempSync(join(tmpdir(), 'interconnect-agent-config-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('--exec is split like a shell splits it', () => {
  it.each([
    ['java -Xmx2G -jar server.jar nogui', 'java', ['-Xmx2G', '-jar', 'server.jar', 'nogui']],
    [`java -jar "my server.jar" 'no gui'`, 'java', ['-jar', 'my server.jar', 'no gui']],
    ['java -jar my\\ server.jar', 'java', ['-jar', 'my server.jar']],
    ['$JAVA -jar server.jar', '/opt/jdk/bin/java', ['-jar', 'server.jar']],
    ['./bedrock_server # comment', './bedrock_server', []],
  ])('%s', (exec, file, args) => {
    expect(planExec(exec, 'linux', { JAVA: '/opt/jdk/bin/java' })).toEqual({ file, args, shell: false });
  });

  it('runs a .bat or .cmd file through the shell on Windows only', () => {
    expect(planExec('start.bat', 'win32').shell).toBe(true);
    expect(planExec('C:\\mc\\run.CMD nogui', 'win32').shell).toBe(true);
    expect(planExec('start.bat', 'linux').shell).toBe(false);
    expect(planExec('java -jar server.jar', 'win32').shell).toBe(false);
  });

  it('refuses pipes, redirections and an empty command', () => {
    expect(() => planExec('java -jar server.jar | tee log', 'linux')).toThrow(/shell operator '\|'/);
    expect(() => planExec('java -jar server.jar > out.txt', 'linux')).toThrow(/shell operator '>'/);
    expect(() => planExec('   ', 'linux')).toThrow(/--exec is empty/);
  });
});

describe('server entries', () => {
  it('tells wrap from attach mode and fills defaults', () => {
    expect(toServerSpec({ key: KEY, exec: 'java -jar s.jar' }, 'agent')).toEqual({
      key: KEY, flavor: 'auto', encoding: 'utf8', mode: 'wrap', exec: 'java -jar s.jar', restart: 'never', stopTimeoutMs: 60_000,
    });
    expect(toServerSpec({ key: KEY, rcon: 'mc.local', log: '/srv/latest.log', ping: 'mc.local' }, 'agent', { RCON_PASSWORD: 'pw' })).toEqual({
      key: KEY, flavor: 'auto', encoding: 'utf8', mode: 'attach', log: '/srv/latest.log',
      rcon: { host: 'mc.local', port: 25575, password: 'pw' }, ping: { host: 'mc.local', port: 25565 },
    });
    expect(toServerSpec({ key: KEY, flavor: 'bedrock', ping: '10.0.0.2' }, 'agent')).toMatchObject({ ping: { host: '10.0.0.2', port: 19132 } });
  });

  it('reads the RCON password from a file, without its final newline', () => {
    const file = join(dir, 'pw');
    writeFileSync(file, 'from-file\n');
    expect(toServerSpec({ key: KEY, rcon: 'h:1', rcon_password_file: file }, 'agent', {})).toMatchObject({ rcon: { password: 'from-file' } });
  });

  it.each([
    [{ key: 'mc_key_abc', exec: 'java' }, /key must be a server key/],
    [{ key: KEY }, /give exec \(wrap mode\), or rcon, log and ping/],
    [{ key: KEY, exec: 'java', log: '/x' }, /cannot be combined/],
    [{ key: KEY, rcon: 'h:1' }, /rcon needs a password/],
    [{ key: KEY, rcon: 'h:99999', rcon_password: 'x' }, /port must/],
    [{ key: KEY, rcon: 'h:1', rcon_password_file: '/nonexistent/pw' }, /cannot read \/nonexistent\/pw/],
    [{ key: KEY, flavor: 'bedrock', rcon: 'h:1', rcon_password: 'x' }, /Bedrock Dedicated Server has no RCON/],
    [{ key: KEY, exec: 'java', restart: 'always' }, /restart/],
  ])('refuses %j', (entry, message) => {
    expect(() => toServerSpec(entry as never, 'agent', {})).toThrow(message);
  });
});

describe('agent.json', () => {
  const write = (name: string, content: unknown) => {
    const file = join(dir, name);
    writeFileSync(file, typeof content === 'string' ? content : JSON.stringify(content));
    return file;
  };

  it('loads several servers', () => {
    const file = write('ok.json', { hub: 'http://hub:8000', servers: [{ key: KEY, exec: 'java' }, { key: KEY.replace('a', 'b'), log: '/l' }] });
    const config = loadAgentConfig(file, {});
    expect(config.hub).toBe('http://hub:8000');
    expect(config.servers.map((s) => s.mode)).toEqual(['wrap', 'attach']);
  });

  it.each([
    ['missing.json', null, /file not found/],
    ['broken.json', '{"hub":', /broken\.json: /],
    ['nohub.json', { servers: [{ key: KEY, exec: 'java' }] }, /hub must be the hub's http\(s\):\/\/ URL/],
    ['empty.json', { hub: 'http://h', servers: [] }, /servers must be a non-empty list/],
    ['bad-entry.json', { hub: 'http://h', servers: [{ key: KEY, exec: 'java' }, { key: KEY.replace('a', 'c') }] }, /servers\[1\]: give exec/],
    ['same-key.json', { hub: 'http://h', servers: [{ key: KEY, exec: 'java' }, { key: KEY, exec: 'java' }] }, /servers\[1\]: each server needs its own key/],
  ])('refuses %s', (name, content, message) => {
    const file = content === null ? join(dir, name) : write(name, content);
    expect(() => loadAgentConfig(file, {})).toThrow(message);
  });
});
