import { defineTransformFixtures } from '../helpers/fixtures.ts';

defineTransformFixtures('secret-mounts');
