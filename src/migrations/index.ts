import * as migration_20261125_130026_initial from './20261125_130026_initial';

export const migrations = [
  {
    up: migration_20261125_130026_initial.up,
    down: migration_20261125_130026_initial.down,
    name: '20261125_130026_initial'
  },
];
