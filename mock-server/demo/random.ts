// Seeded pseudo-random numbers for the demo data: the same seed always gives the same experiments,
// curves and models, so screenshots and tests stay stable. Every entity draws from its own stream
// (seeded by a name), so adding a run somewhere does not reshuffle all the others.

/** 32-bit FNV-1a hash of a string: turns a stream name into a seed. */
function hashSeed(text: string): number {
  let hash = 0x811c9dc5;
  for (let i = 0; i < text.length; i += 1) {
    hash ^= text.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193);
  }
  return hash >>> 0;
}

export class Random {
  private state: number;
  private spareNormal: number | undefined;

  constructor(seed: string | number) {
    this.state = typeof seed === 'number' ? seed >>> 0 : hashSeed(seed);
  }

  /** Uniform in [0, 1) (mulberry32). */
  next(): number {
    this.state = (this.state + 0x6d2b79f5) >>> 0;
    let t = this.state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  }

  uniform(min: number, max: number): number {
    return min + (max - min) * this.next();
  }

  /** Uniform in log space: good for learning rates. */
  logUniform(min: number, max: number): number {
    return Math.exp(this.uniform(Math.log(min), Math.log(max)));
  }

  /** Integer in [min, max], both inclusive. */
  int(min: number, max: number): number {
    return min + Math.floor(this.next() * (max - min + 1));
  }

  chance(probability: number): boolean {
    return this.next() < probability;
  }

  pick<T>(items: readonly T[]): T {
    const item = items[Math.floor(this.next() * items.length)];
    if (item === undefined) throw new Error('pick() from an empty list');
    return item;
  }

  /** Standard normal (Box-Muller, both values used). */
  normal(mean = 0, sd = 1): number {
    if (this.spareNormal !== undefined) {
      const value = this.spareNormal;
      this.spareNormal = undefined;
      return mean + sd * value;
    }
    const u = 1 - this.next();
    const v = this.next();
    const radius = Math.sqrt(-2 * Math.log(u));
    this.spareNormal = radius * Math.sin(2 * Math.PI * v);
    return mean + sd * radius * Math.cos(2 * Math.PI * v);
  }

  hex(length: number): string {
    let text = '';
    for (let i = 0; i < length; i += 1) text += Math.floor(this.next() * 16).toString(16);
    return text;
  }

  /** An RFC 4122 version-4 shaped UUID (without dashes when `compact`). */
  uuid(compact = false): string {
    const hex = this.hex(32).split('');
    hex[12] = '4';
    hex[16] = '89ab'[Math.floor(this.next() * 4)] ?? '8';
    const text = hex.join('');
    if (compact) return text;
    return `${text.slice(0, 8)}-${text.slice(8, 12)}-${text.slice(12, 16)}-${text.slice(16, 20)}-${text.slice(20)}`;
  }
}

const ADJECTIVES = (
  'amazing bold brave bright calm capable clean crisp dapper delicate eager fearless gentle gifted glamorous good ' +
  'grandiose handsome honorable learned likeable loud luminous magnificent masked merciful nimble orderly polite ' +
  'popular resilient rumbling sedate silent skillful smiling stately suave thoughtful traveling unequaled upbeat ' +
  'valuable victorious welcoming whimsical wise zealous'
).split(' ');

const NOUNS = (
  'ant ape asp bass bat bear bee bird boar bug calf carp cat chimp cod colt conch cow crab crane croc crow cub ' +
  'deer doe dog dolphin donkey dove duck eel elk finch fish flea fly foal fowl fox frog gnat gnu goat goose ' +
  'grouse gull hare hawk hen hog horse hound jay kit koi lamb lark loon lynx mare mink mole moose moth mouse mule ' +
  'newt owl ox panda penguin perch pig pug quail ram rat ray robin roo rook seal shad shark sheep shoat shrew ' +
  'shrike skink skunk sloth slug smelt snail snake snipe sow sponge squid squirrel stag steed stoat stork swan ' +
  'tern toad trout turtle vole wasp whale wolf worm wren yak zebra'
).split(' ');

/** A run name shaped like the ones MLflow generates (`adjective-noun-NNN`), unique within `taken`. */
export function runName(random: Random, taken: Set<string>): string {
  for (;;) {
    const name = `${random.pick(ADJECTIVES)}-${random.pick(NOUNS)}-${random.int(100, 999)}`;
    if (!taken.has(name)) {
      taken.add(name);
      return name;
    }
  }
}
