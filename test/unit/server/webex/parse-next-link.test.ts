import { parseNextLink } from '../../../../src/server/webex/parse-next-link';

const base = 'https://webexapis.com/v1/meetings';

describe('parseNextLink', () => {
  it('finds the rel="next" target among other links', () => {
    const header =
      '<https://webexapis.com/v1/meetings?cursor=a>; rel="first", <https://webexapis.com/v1/meetings?cursor=b&max=5>; rel="next"';
    expect(parseNextLink(header, base)).toBe('https://webexapis.com/v1/meetings?cursor=b&max=5');
  });

  it('keeps a target whose query holds commas', () => {
    expect(parseNextLink('<https://webexapis.com/v1/meetings?state=a,b>; rel=next', base)).toBe(
      'https://webexapis.com/v1/meetings?state=a,b',
    );
  });

  it('resolves a relative target against the request URL', () => {
    expect(parseNextLink('</v1/meetings?cursor=c>; rel="next"', base)).toBe('https://webexapis.com/v1/meetings?cursor=c');
  });

  it.each([null, undefined, '', '<https://webexapis.com/v1/meetings?cursor=a>; rel="prev"', 'garbage'])(
    'finds no next page in %p',
    (header) => {
      expect(parseNextLink(header, base)).toBeUndefined();
    },
  );
});
