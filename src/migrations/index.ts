import * as migration_20261125_120241_initial from './20261125_120241_initial';

export const migrations = [
  {
    up: migration_20261125_120241_initial.up,
    down: migration_20261125_120241_initial.down,
    name: '20261125_120241_initial'
  },
];
