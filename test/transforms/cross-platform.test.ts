import { defineTransformFixtures } from '../helpers/fixtures.ts';

defineTransformFixtures('cross-platform');
