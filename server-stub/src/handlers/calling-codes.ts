// Country of an E.164 number from its calling code (longest prefix wins). NANP numbers (+1) are
// reported as US: telling the US from Canada or the Caribbean needs the area code table, which the
// stub does not carry. Unknown codes answer `ZZ` (ISO 3166 "unknown"), since `country` is never null.
const CALLING_CODES: Record<string, string> = {
  '1': 'US',
  '7': 'RU',
  '20': 'EG',
  '27': 'ZA',
  '30': 'GR',
  '31': 'NL',
  '32': 'BE',
  '33': 'FR',
  '34': 'ES',
  '36': 'HU',
  '39': 'IT',
  '40': 'RO',
  '41': 'CH',
  '43': 'AT',
  '44': 'GB',
  '45': 'DK',
  '46': 'SE',
  '47': 'NO',
  '48': 'PL',
  '49': 'DE',
  '51': 'PE',
  '52': 'MX',
  '54': 'AR',
  '55': 'BR',
  '56': 'CL',
  '57': 'CO',
  '60': 'MY',
  '61': 'AU',
  '62': 'ID',
  '63': 'PH',
  '64': 'NZ',
  '65': 'SG',
  '66': 'TH',
  '81': 'JP',
  '82': 'KR',
  '84': 'VN',
  '86': 'CN',
  '90': 'TR',
  '91': 'IN',
  '92': 'PK',
  '234': 'NG',
  '254': 'KE',
  '351': 'PT',
  '352': 'LU',
  '353': 'IE',
  '354': 'IS',
  '358': 'FI',
  '420': 'CZ',
  '852': 'HK',
  '886': 'TW',
  '966': 'SA',
  '971': 'AE',
  '972': 'IL',
};

export function countryOf(e164: string): string {
  const digits = e164.replace(/^\+/, '');
  for (let len = 3; len >= 1; len--) {
    const country = CALLING_CODES[digits.slice(0, len)];
    if (country) return country;
  }
  return 'ZZ';
}
