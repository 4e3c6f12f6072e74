import { dialableNumber, planCall } from '../../../../src/teams/calling/call-plan';

describe('a number made dialable', () => {
  it.each([
    ['+1 425 555 0103', '+14255550103'],
    ['(425) 555-0103', '4255550103'],
    ['+49 30 5550 1234', '+493055501234'],
    ['+33 1 55 50 01 23', '+33155500123'],
    ['+1 425 555 0100 x123', '+14255550100'],
    ['+1 425 555 0100 ext. 12', '+14255550100'],
    ['*86', undefined],
    ['1234#', '1234#'],
  ])('%s dials as %s', (raw, dialed) => {
    expect(dialableNumber(raw)).toBe(dialed);
  });

  it('is undefined for text that is not a number', () => {
    expect(dialableNumber('call me maybe')).toBeUndefined();
    expect(dialableNumber('12')).toBeUndefined();
    expect(dialableNumber('+1 2345 6789 0123 4567 8901')).toBeUndefined();
  });
});

describe('the call a click starts', () => {
  it('hands a number to the Webex App with its documented cross-launch URL', () => {
    expect(planCall({ number: '+1 425 555 0103' }, 'webex')).toEqual({
      scheme: 'webextel',
      uri: 'webextel://login?telephone=%2B14255550103&x-source=Microsoft+Teams',
      dialed: '+14255550103',
    });
  });

  it('uses tel: when the user chose the phone app', () => {
    expect(planCall({ number: '(425) 555-0103' }, 'phone')).toEqual({ scheme: 'tel', uri: 'tel:4255550103', dialed: '4255550103' });
  });

  it('calls someone without a number at their address with sip:', () => {
    expect(planCall({ address: 'reception@contoso.example' }, 'webex')).toEqual({
      scheme: 'sip',
      uri: 'sip:reception@contoso.example',
      dialed: 'reception@contoso.example',
    });
    expect(planCall({ address: 'sip:desk@contoso.example' }, 'phone')?.uri).toBe('sip:desk@contoso.example');
  });

  it('prefers the number to the address', () => {
    expect(planCall({ number: '+1 425 555 0103', address: 'megan@contoso.example' }, 'webex')?.scheme).toBe('webextel');
  });

  it('offers nothing when there is nothing to dial', () => {
    expect(planCall({ number: 'n/a', address: 'not an address' }, 'webex')).toBeUndefined();
    expect(planCall({}, 'webex')).toBeUndefined();
  });
});
