import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  compileLabelSelector, compileLabelSelectorObject, formatLabels, formatLabelSelector, labelSelectorToString,
  parseLabelSelector, requirementsToString,
} from './labels.ts';
import { isK8sError } from '../../base/errors.ts';

const err = (sel: string) => {
  try {
    parseLabelSelector(sel);
  } catch (e) {
    assert.ok(isK8sError(e, 'BadRequest'));
    return e.message;
  }
  assert.fail(`no error for ${sel}`);
};

test('parses all operators and prints them back sorted by key', () => {
  const reqs = parseLabelSelector('z=b,c!=d,e in (y,x),f notin (z),g,!h,a==q,n>5,m<3');
  assert.equal(requirementsToString(reqs), 'a==q,c!=d,e in (x,y),f notin (z),g,!h,m<3,n>5,z=b');
  assert.deepEqual(parseLabelSelector(''), []);
  assert.deepEqual(parseLabelSelector('  app = web ').map((r) => [r.key, r.operator, r.values]), [['app', '=', ['web']]]);
  // in/notin are ordinary words in value position
  assert.equal(requirementsToString(parseLabelSelector('x in (in,notin)')), 'x in (in,notin)');
  assert.equal(requirementsToString(parseLabelSelector('x in ()')), 'x in ()');
  assert.equal(requirementsToString(parseLabelSelector('x=')), 'x=');
  assert.equal(requirementsToString(parseLabelSelector('example.com/role=db')), 'example.com/role=db');
});

test('matches like upstream', () => {
  const m = compileLabelSelector('app=web,tier!=db,env in (prod,staging),!legacy,team');
  assert.equal(m({ app: 'web', env: 'prod', team: 'a' }), true);
  assert.equal(m({ app: 'web', env: 'prod', team: 'a', tier: 'db' }), false);
  assert.equal(m({ app: 'web', env: 'dev', team: 'a' }), false);
  assert.equal(m({ app: 'web', env: 'prod', team: 'a', legacy: '' }), false);
  assert.equal(m({ app: 'web', env: 'prod' }), false);
  assert.equal(m(undefined), false);
  assert.equal(compileLabelSelector('')(undefined), true);
  assert.equal(compileLabelSelector('a notin (x)')({}), true);
  assert.equal(compileLabelSelector('a!=x')({}), true);
  assert.equal(compileLabelSelector('n>5')({ n: '6' }), true);
  assert.equal(compileLabelSelector('n>5')({ n: '5' }), false);
  assert.equal(compileLabelSelector('n<5')({ n: 'x' }), false);
  assert.equal(compileLabelSelector('a=')({ a: '' }), true);
  assert.equal(compileLabelSelector('toString')({}), false);
});

test('syntax errors carry upstream messages', () => {
  assert.equal(err('a=b,'), "found '', expected: identifier after ','");
  assert.equal(err('a=b c'), "found 'c', expected: ',' or 'end of string'");
  assert.equal(err('=a'), "found '=', expected: !, identifier, or 'end of string'");
  assert.equal(err('a in b'), "unable to parse requirement: found 'b' expected: '('");
  assert.equal(err('a in (b'), "unable to parse requirement: found '', expected: ',' or ')'");
  assert.equal(err('a foo b'), "unable to parse requirement: found 'foo', expected: in, notin, =, ==, !=, gt, lt");
  assert.equal(err('!=a'), "found '!=', expected: !, identifier, or 'end of string'");
  assert.equal(err('!,a'), "unable to parse requirement: found ',', expected: identifier");
  assert.equal(err('a=(b)'), "unable to parse requirement: found '(', expected: identifier");
});

test('invalid keys and values are rejected with field errors', () => {
  assert.equal(err('a b=c'), "unable to parse requirement: found 'b', expected: in, notin, =, ==, !=, gt, lt");
  assert.match(err('-a=b') ?? '', /^unable to parse requirement: key: Invalid value: "-a": name part must consist of alphanumeric/);
  assert.match(err('a=-b') ?? '', /^unable to parse requirement: values\[0\]\[a\]: Invalid value: "-b": a valid label must be an empty string/);
  assert.match(err('Bad_Prefix/a=b') ?? '', /prefix part a lowercase RFC 1123 subdomain/);
  assert.match(err(`a=${'x'.repeat(64)}`) ?? '', /must be no more than 63 characters/);
  assert.match(err('n>x') ?? '', /for 'Gt', 'Lt' operators, the value must be an integer/);
});

test('metav1.LabelSelector objects compile and print', () => {
  const sel = {
    matchLabels: { app: 'web' },
    matchExpressions: [
      { key: 'env', operator: 'In', values: ['prod', 'dev'] },
      { key: 'old', operator: 'DoesNotExist' },
      { key: 'team', operator: 'Exists' },
      { key: 'zone', operator: 'NotIn', values: ['b'] },
    ],
  };
  assert.equal(labelSelectorToString(sel), 'app=web,env in (dev,prod),!old,team,zone notin (b)');
  const m = compileLabelSelectorObject(sel);
  assert.equal(m({ app: 'web', env: 'dev', team: 'x' }), true);
  assert.equal(m({ app: 'web', env: 'dev', team: 'x', zone: 'b' }), false);
  assert.equal(compileLabelSelectorObject(undefined)({ a: 'b' }), false);
  assert.equal(compileLabelSelectorObject({})({ a: 'b' }), true);
  assert.equal(formatLabelSelector(undefined), '<none>');
  assert.equal(formatLabelSelector({ matchLabels: { app: 'x' } }), 'app=x');
  assert.equal(formatLabelSelector({ matchExpressions: [{ key: 'a', operator: 'Bogus' }] }), '<error>');
  assert.throws(() => compileLabelSelectorObject({ matchExpressions: [{ key: 'a', operator: 'In', values: [] }] }),
    /for 'in', 'notin' operators, values set can't be empty/);
  assert.equal(formatLabels({ b: '2', a: '1' }), 'a=1,b=2');
  assert.equal(formatLabels({}), '<none>');
});
