import { defineTransformFixtures } from '../helpers/fixtures.ts';

defineTransformFixtures('split-stages');
