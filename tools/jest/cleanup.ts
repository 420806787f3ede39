// After every test file: remove the temporary directories the test helpers made.
import { removeTempDirs } from '@finlake/pipeline/testing';

afterAll(removeTempDirs);
