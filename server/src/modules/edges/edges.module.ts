import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { EdgeEntity } from './edge.entity';
import { EdgeRepository } from './edge.repository';
import { EdgesController } from './edges.controller';
import { EdgesService } from './edges.service';

/** Minimal edges (SPEC §1): a registry the roles scope to; activation and health come with the edge issue. */
@Module({
  imports: [TypeOrmModule.forFeature([EdgeEntity])],
  controllers: [EdgesController],
  providers: [EdgeRepository, EdgesService],
  exports: [EdgesService],
})
export class EdgesModule {}
