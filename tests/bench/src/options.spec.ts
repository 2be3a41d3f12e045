import { parseOptions } from './options';

describe('bench options', () => {
  it('runs every phase with production Prometheus intervals by default', () => {
    const options = parseOptions([], {});
    expect(options.phases).toEqual(['startup', 'load', 'alert', 'memory']);
    expect(options.memorySaleSeconds).toBe(180);
    expect(options.memoryLeakSeconds).toBe(120);
    expect(options.alertInterval).toBe('15s');
    expect(options.repetitions).toBe(3);
    expect(options.targetRate).toBe(200);
    expect(options.laptopSeconds).toBe(30);
  });

  it('shortens runs and Prometheus intervals with --quick', () => {
    const options = parseOptions(['--quick'], {});
    expect(options.alertInterval).toBe('1s');
    expect(options.repetitions).toBe(2);
    expect(options.memorySaleSeconds).toBe(45);
    expect(options.laptopSeconds).toBe(10);
  });

  it('reads the memory phase’s length', () => {
    const options = parseOptions(['--only=memory', '--memory-seconds=60'], {});
    expect(options).toMatchObject({
      phases: ['memory'],
      memorySaleSeconds: 60,
      memoryLeakSeconds: 40,
    });
  });

  it('reads numbers, phases and output files, and the PostgreSQL server from the environment', () => {
    const options = parseOptions(
      [
        '--connections=8',
        '--rate=40',
        '--seconds=3',
        '--laptop-seconds=12',
        '--only=load,alert',
        '--out=r.md',
      ],
      { FAULTLINE_POSTGRES_URL: 'postgres://postgres@db:5432/postgres' },
    );
    expect(options).toMatchObject({
      connections: 8,
      rate: 40,
      concurrencySeconds: 3,
      rateSeconds: 3,
      laptopSeconds: 12,
      phases: ['load', 'alert'],
      out: 'r.md',
      postgresUrl: 'postgres://postgres@db:5432/postgres',
    });
  });

  it('quotes the command with the options that shape the figures, for the report', () => {
    expect(parseOptions([], {}).command).toBe('npm run bench');
    expect(parseOptions(['--quick'], {}).command).toBe('npm run bench -- --quick');
    expect(
      parseOptions(['--only=load', '--rate=20', '--out=r.md', '--json=r.json'], {}).command,
    ).toBe('npm run bench -- --only=load --rate=20');
  });

  it('refuses unknown options, unknown phases and numbers below one', () => {
    expect(() => parseOptions(['--fast'], {})).toThrow('unknown option "--fast"');
    expect(() => parseOptions(['--only=load,soak'], {})).toThrow('--only expects');
    expect(() => parseOptions(['--reps=0'], {})).toThrow('--reps expects a whole number');
  });
});
