import { describe, expect, it } from 'vitest';
import { isAppUrl } from '../../../electron/navigation-policy.ts';
import { resolveRendererFile } from '../../../electron/static-files.ts';
import { CONTENT_SECURITY_POLICY } from '../../../electron/content-security-policy.ts';
import { readFileSync } from 'node:fs';

describe('isAppUrl', () => {
  it('accepts only the app origin, parsed rather than prefix-matched', () => {
    expect(isAppUrl('app://sysbtape/index.html')).toBe(true);
    expect(isAppUrl('app://sysbtape/assets/x.js?y=1')).toBe(true);
    for (const url of [
      'app://sysbtape.evil.com/',
      'app://evil/sysbtape',
      'https://sysbtape/',
      'file:///app://sysbtape/',
      'app://user:pw@sysbtape/',
      'javascript:alert(1)',
      '',
      null,
      'not a url',
    ]) {
      expect(isAppUrl(url)).toBe(false);
    }
  });
});

describe('resolveRendererFile', () => {
  it('maps / to index.html and refuses paths outside the renderer', () => {
    expect(resolveRendererFile('/r', '/')).toBe('/r/index.html');
    expect(resolveRendererFile('/r', '/assets/a.js?v=1')).toBe('/r/assets/a.js');
    for (const p of ['/../etc/passwd', '/..%2f..%2fetc/passwd', '/%2e%2e/x', '/a/%00b', '/%E0%A4%A']) {
      expect(resolveRendererFile('/r', p)).toBeNull();
    }
  });
});

describe('security settings', () => {
  it('CSP allows scripts only from the app and forbids frames, plugins and base changes', () => {
    expect(CONTENT_SECURITY_POLICY).toContain("script-src 'self'");
    expect(CONTENT_SECURITY_POLICY).toContain("default-src 'none'");
    expect(CONTENT_SECURITY_POLICY).toContain("object-src 'none'");
    expect(CONTENT_SECURITY_POLICY).toContain("frame-ancestors 'none'");
    expect(CONTENT_SECURITY_POLICY).not.toMatch(/script-src[^;]*(unsafe-inline|unsafe-eval)/);
  });

  it('index.html carries the same policy as a meta tag (frame-ancestors only works as a header)', () => {
    const html = readFileSync(new URL('../../../renderer/index.html', import.meta.url), 'utf8');
    const meta = /<meta http-equiv="Content-Security-Policy" content="([^"]+)"/.exec(html)?.[1];
    expect(meta).toBe(
      CONTENT_SECURITY_POLICY.split('; ')
        .filter((d) => !d.startsWith('frame-ancestors'))
        .join('; '),
    );
  });
});
