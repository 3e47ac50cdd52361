import { defineTransformFixtures } from '../helpers/fixtures.ts';

defineTransformFixtures('add-cache-mounts');
