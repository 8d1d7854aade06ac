import { describe, expect, it } from 'vitest';
import { foreignPackOrigin } from '../../../src/teaching/packLink';

const PAGE = 'https://kypho.example.org/app/?pack=x';

describe('the origin of a linked pack', () => {
  it('is none for a folder beside the app or an address on the same site', () => {
    expect(foreignPackOrigin('sample-data/', PAGE)).toBeNull();
    expect(foreignPackOrigin('/packs/spring/', PAGE)).toBeNull();
    expect(foreignPackOrigin('https://kypho.example.org/packs/', PAGE)).toBeNull();
  });

  it('names another site, another port, another scheme and a protocol-relative address', () => {
    expect(foreignPackOrigin('https://evil.example.com/pack/', PAGE)).toBe('https://evil.example.com');
    expect(foreignPackOrigin('https://kypho.example.org:8443/pack/', PAGE)).toBe('https://kypho.example.org:8443');
    expect(foreignPackOrigin('http://kypho.example.org/pack/', PAGE)).toBe('http://kypho.example.org');
    expect(foreignPackOrigin('//cdn.example.net/pack/', PAGE)).toBe('https://cdn.example.net');
  });
});
