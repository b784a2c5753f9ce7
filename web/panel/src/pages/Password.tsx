import { useState } from 'preact/hooks';
import { call, type PasswordReset } from '../api.js';
import { Outcome, useAction } from '../useAction.js';

export function Password({ panelUrl }: { panelUrl: string | null }) {
  const [password, setPassword] = useState<string | null>(null);
  const { busy, result, run } = useAction();
  const reset = () => {
    if (!confirm('重設翼龍面板密碼？ Reset your game panel password?')) return;
    void run(async () => {
      const out = await call<PasswordReset>('POST', 'password');
      setPassword(out.password);
      return out.message;
    });
  };
  return (
    <section>
      <h2>面板密碼 Panel password</h2>
      <p>
        登入遊戲面板 Log in to the game panel at {panelUrl ? <a href={panelUrl}>{panelUrl}</a> : '—'} with your Discord email.
      </p>
      <button disabled={busy} onClick={reset}>
        重設密碼 Reset password
      </button>
      <Outcome result={result} />
      {password && (
        <p>
          新密碼 New password: <code id="password">{password}</code> (只顯示一次 shown once)
        </p>
      )}
    </section>
  );
}
