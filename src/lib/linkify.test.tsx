import { render, screen } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { LinkifiedText, splitLinks } from './linkify';

describe('links in text', () => {
  it('finds http(s) addresses and leaves sentence punctuation and brackets outside them', () => {
    expect(splitLinks('Pay here: https://pay.example.test/c/cs_1?x=1&y=2. Thanks!')).toEqual([
      'Pay here: ',
      { href: 'https://pay.example.test/c/cs_1?x=1&y=2' },
      '. Thanks!',
    ]);
    expect(splitLinks('(see http://a.test/x) and https://b.test/wiki/Foo_(bar), ok')).toEqual([
      '(see ',
      { href: 'http://a.test/x' },
      ') and ',
      { href: 'https://b.test/wiki/Foo_(bar)' },
      ', ok',
    ]);
    expect(splitLinks('no links here')).toEqual(['no links here']);
  });

  it('never makes a link of another scheme, and escapes markup', () => {
    expect(splitLinks('javascript:alert(1) data:text/html,<b>x</b> mailto:a@b.test')).toEqual(['javascript:alert(1) data:text/html,<b>x</b> mailto:a@b.test']);
    render(
      <p data-testid="text">
        <LinkifiedText text={'<img src=x onerror=alert(1)> https://shop.test/pay'} />
      </p>,
    );
    expect(screen.getByTestId('text').textContent).toBe('<img src=x onerror=alert(1)> https://shop.test/pay');
    expect(screen.getByTestId('text').querySelector('img')).toBeNull();
    const link = screen.getByRole('link', { name: 'https://shop.test/pay' });
    expect(link.getAttribute('href')).toBe('https://shop.test/pay');
    expect(link.getAttribute('target')).toBe('_blank');
    expect(link.getAttribute('rel')).toBe('noopener noreferrer nofollow');
  });
});
