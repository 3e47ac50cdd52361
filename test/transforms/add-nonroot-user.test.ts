import { defineTransformFixtures } from '../helpers/fixtures.ts';

defineTransformFixtures('add-nonroot-user');
